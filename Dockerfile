# twcheck in a container: built from this checkout with Maven, run on a Java 17 runtime.
#   docker build -t twcheck .
#   docker run --rm -v "$PWD:/work" -w /work twcheck check models/rfc9293.tw
# The build stage has no .git (see .dockerignore), so `twcheck --version` says the commit is unknown.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# the dependencies first, so that a change to the sources does not download them again
COPY pom.xml LICENSE ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests -Dmaven.javadoc.skip package \
    && cp target/twcheck-*-cli.jar /twcheck-cli.jar

FROM eclipse-temurin:17-jre
# export writes captures through libpcap
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpcap0.8 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /twcheck-cli.jar /opt/twcheck/twcheck-cli.jar
COPY models /opt/twcheck/models
COPY LICENSE /opt/twcheck/LICENSE
WORKDIR /work
ENTRYPOINT ["java", "-jar", "/opt/twcheck/twcheck-cli.jar"]
CMD ["--help"]
