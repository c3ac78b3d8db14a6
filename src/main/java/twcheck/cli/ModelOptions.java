package twcheck.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;

/** The model file and its {@code --set} overrides, as every command that checks one model takes them. */
final class ModelOptions {
    @Parameters(paramLabel = "MODEL_FILE", description = "a model file, e.g. models/rfc9293.tw")
    Path modelFile;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a parameter of the model file")
    List<String> overrides = new ArrayList<>();

    /** The model, with the overrides applied; a bad file or value is a one-line SpecException. */
    ModelSpec read() {
        return ModelFiles.read(modelFile, overrides);
    }

    /** The model with the overrides and then {@code more} applied (a later value of a name wins). */
    ModelSpec read(List<String> more) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(more);
        return ModelFiles.read(modelFile, all);
    }
}
