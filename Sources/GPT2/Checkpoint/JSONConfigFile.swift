import Foundation

/// Reading a JSON configuration file into a `Decodable`, with one `CheckpointError` naming the file when it is
/// missing, unreadable or not of the expected form.
enum JSONConfigFile {
    static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let data = try read(url)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw CheckpointError(file: url.path, problem: .badConfig(reason: HFConfigFile.describe(error)))
        }
    }

    /// The file's bytes, or a `CheckpointError` saying whether it is missing or unreadable.
    static func read(_ url: URL) throws -> Data {
        let file = url.path
        do {
            return try Data(contentsOf: url)
        } catch {
            throw CheckpointError(file: file, problem: .unreadable(reason: FileManager.default.fileExists(atPath: file)
                ? "cannot read the file" : "no such file"))
        }
    }
}
