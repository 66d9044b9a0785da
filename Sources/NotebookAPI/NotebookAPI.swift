import Runner
import Script

/// The builtins notebooks call, and how the cell cache brings their objects back.
public enum NotebookAPI {
    /// The language's standard library plus lorabook's notebook functions.
    public static func builtins(_ environment: NotebookEnvironment) -> BuiltinRegistry {
        var registry = BuiltinRegistry.standard
        registry.register(DatasetObject.builtin(environment))
        registry.register(VocabularyObject.corpusBuiltin(environment))
        registry.register(VocabularyObject.fullBuiltin)
        registry.register(CorpusObject.builtin(environment))
        registry.register(ModelObject.builtin)
        registry.register(ModelObject.loadBuiltin)
        registry.register(TrainingBuiltins.pretrain(environment))
        registry.register(TrainingBuiltins.finetune(environment))
        registry.register(GenerationsObject.builtin(environment))
        registry.register(ScoresObject.builtin(environment))
        registry.register(SamplesObject.builtin)
        registry.register(TableObject.builtin)
        registry.register(FigureObject.builtin)
        registry.register(seriesBuiltin)
        registry.register(ProseObject.builtin)
        registry.register(SummaryObject.builtin)
        registry.register(SavedFileObject.builtin(environment))
        registry.register(SlotCopyingBuiltin.builtin)
        return registry
    }

    public static func restorers(_ environment: NotebookEnvironment) -> [String: ObjectRestorer] {
        ["Series": SeriesObject.restorer, "Figure": FigureObject.restorer, "Table": TableObject.restorer, "Summary": SummaryObject.restorer,
         "Dataset": DatasetObject.restorer(environment), "Vocabulary": VocabularyObject.restorer,
         "Corpus": CorpusObject.restorer(environment), "Model": ModelObject.restorer,
         "TrainingRun": TrainingRunObject.restorer, "Generations": GenerationsObject.restorer,
         "Scores": ScoresObject.restorer, "Prose": ProseObject.restorer, "SavedFile": SavedFileObject.restorer(environment),
         "SavedFolder": SavedFolderObject.restorer(environment)]
    }

    /// `series(_ name:, x:, y:)`: a curve from numbers written in the notebook.
    static let seriesBuiltin = Builtin(
        "series",
        parameters: [.unlabeled("name", .string), Parameter("x", .array(.double), default: .array([])),
                     Parameter("y", .array(.double))],
        summary: "A named curve of (x, y) points; x defaults to 1, 2, 3, ..."
    ) { arguments, _ in
        let y = try arguments.array("y").compactMap(\.numericValue)
        var x = try arguments.array("x").compactMap(\.numericValue)
        if x.isEmpty { x = y.indices.map { Double($0 + 1) } }
        guard x.count == y.count else {
            throw NotebookAPIError("series(x:y:) needs as many x values as y values (\(x.count) and \(y.count))")
        }
        return .object(SeriesObject(name: try arguments.string("name"), x: x, y: y, kind: .text))
    }
}
