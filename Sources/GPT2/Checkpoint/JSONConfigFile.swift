import Foundation

/// Reading a JSON configuration file into a `Decodable`, with one `CheckpointError` naming the file when it is
/// missing, unreadable or not of the expected form.
enum JSONConfigFile {
    static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let file = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CheckpointError(file: file, problem: .unreadable(reason: FileManager.default.fileExists(atPath: file)
                ? "cannot read the file" : "no such file"))
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw CheckpointError(file: file, problem: .badConfig(reason: HFConfigFile.describe(error)))
        }
    }
}
