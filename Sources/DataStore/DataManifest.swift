/// One file the project needs, with the checksum that proves it is the right one.
public struct DataFile: Sendable, Hashable {
    /// Path inside the data folder, e.g. `e2e/trainset.csv`.
    public let path: String
    public let sha256: String
    public let bytes: Int
    /// Canonical public home, for machines with internet; nil where the file only exists inside an archive.
    public let url: String?

    public init(path: String, sha256: String, bytes: Int, url: String?) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.url = url
    }
}

/// The files `lorabook data` provisions. Checksums come from the data mirror's README (shared/data).
public enum DataManifest {
    public static let files: [DataFile] = [
        DataFile(path: "e2e/trainset.csv",
                 sha256: "f27d48df45815288ab15619d47a79028c300fbb7f42e373668aba0b98c1d57c6", bytes: 9_340_189,
                 url: "https://raw.githubusercontent.com/tuetschek/e2e-dataset/master/trainset.csv"),
        DataFile(path: "e2e/devset.csv",
                 sha256: "fc26b78cdb849c80545f513b223d1e051138b43882eeb79e3eb153e689c864f9", bytes: 1_161_305,
                 url: "https://raw.githubusercontent.com/tuetschek/e2e-dataset/master/devset.csv"),
        DataFile(path: "e2e/testset_w_refs.csv",
                 sha256: "edc8db685e39bb9824d5bd70c18b1c9b0412d14b527aa960e2d1c8251ee15ccd", bytes: 1_310_822,
                 url: "https://raw.githubusercontent.com/tuetschek/e2e-dataset/master/testset_w_refs.csv"),
        DataFile(path: "e2e/testset.csv",
                 sha256: "9b90c8f88feae14d9e1ef37350b14d17294c5958e90a3f1a7846590ee97bdbb9", bytes: 88_415,
                 url: "https://raw.githubusercontent.com/tuetschek/e2e-dataset/master/testset.csv"),
        DataFile(path: "e2e/lora/valid.txt",
                 sha256: "ba963113c8401d3d26216c0dc0a6dae1ea6ea927de3bf830e32c41f65401c80d", bytes: 1_198_093,
                 url: "https://raw.githubusercontent.com/microsoft/LoRA/main/examples/NLG/data/e2e/valid.txt"),
        DataFile(path: "e2e/lora/test.txt",
                 sha256: "81b1bcd40c4f12845ec4eb61a77bf43765d112483cd9b2f91ef10bfc1b3d8f13", bytes: 1_351_149,
                 url: "https://raw.githubusercontent.com/microsoft/LoRA/main/examples/NLG/data/e2e/test.txt"),
        DataFile(path: "gpt2/encoder.json",
                 sha256: "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783", bytes: 1_042_301,
                 url: "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/encoder.json"),
        DataFile(path: "gpt2/vocab.bpe",
                 sha256: "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5", bytes: 456_318,
                 url: "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/vocab.bpe"),
        DataFile(path: "meteor/paraphrase-en.gz",
                 sha256: "c147ac7d2c91f2fbb3ad31e4b352235061eb83145e0434daf217ee9ca5975f48", bytes: 61_813_011,
                 url: "https://raw.githubusercontent.com/salaniz/pycocoevalcap/master/meteor/data/paraphrase-en.gz"),
        // The remaining METEOR files live inside meteor-1.5.jar (PyPI pycocoevalcap); there is no single-file URL.
        DataFile(path: "meteor/english.synsets",
                 sha256: "20b7cf6ae1cba2395d714d8c2ec2992e88c6d1c75c7c30aa480c6a2a9bb8fef9", bytes: 3_702_066, url: nil),
        DataFile(path: "meteor/english.relations",
                 sha256: "ee695d2b62acbf96c4599708f02d62c6c22660c14fc81d3eb1f11aa74c6dc915", bytes: 2_622_861, url: nil),
        DataFile(path: "meteor/english.exceptions",
                 sha256: "5feb8fcb5b349d035df1a448149c2ccc860bf32e4b9eea8c8e4f113e90a5a962", bytes: 88_789, url: nil),
        DataFile(path: "meteor/english.words",
                 sha256: "2ae0d5b8c29e2993a0f442b065b946d1a17fbfe8538e66bf5931c4a248cf4c3a", bytes: 373, url: nil),
        DataFile(path: "meteor/english.prefixes",
                 sha256: "bd909f364224748976f9b8b7cdeb4f9be3bf7c8e66a10f1ed268b12d904ab876", bytes: 1_241, url: nil),
        DataFile(path: "meteor/COPYING.WORDNET",
                 sha256: "a9c2429bcded547ce3a9d19250df850ad65ec13ad7c320a662d84fb12419e130", bytes: 1_844, url: nil),
    ]

    /// Checksums of every manifest file, in manifest order: a fingerprint of the data a result was computed from.
    public static var fingerprint: String {
        SHA256.hex(of: Array(files.map { "\($0.path) \($0.sha256)\n" }.joined().utf8))
    }
}
