import Foundation

/// Notices when a file is saved, by polling: its modification time, size and file number (an editor that saves by
/// renaming a new file over the old one changes the number). Polling needs no platform API and a few files cost
/// nothing to check five times a second.
public struct FileWatcher: Sendable {
    /// What a file looked like; nil when it is missing (mid-save, or deleted).
    public struct Stamp: Equatable, Sendable {
        var modified: Date?
        var size: Int?
        var fileNumber: Int?
    }

    public let files: [URL]
    let interval: TimeInterval

    public init(files: [URL], interval: TimeInterval = 0.2) {
        self.files = files
        self.interval = interval
    }

    public func stamps() -> [Stamp?] {
        files.map { file in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path) else { return nil }
            return Stamp(modified: attributes[.modificationDate] as? Date,
                         size: (attributes[.size] as? NSNumber)?.intValue,
                         fileNumber: (attributes[.systemFileNumber] as? NSNumber)?.intValue)
        }
    }

    /// Waits until some file differs from `earlier` and has then stayed the same for one interval (an editor's
    /// save may take several writes); returns the files that changed.
    public func waitForChange(from earlier: [Stamp?]) -> [URL] {
        var now = stamps()
        while true {
            while now == earlier {
                Thread.sleep(forTimeInterval: interval)
                now = stamps()
            }
            Thread.sleep(forTimeInterval: interval)
            let settled = stamps()
            if settled == now, !settled.contains(where: { $0 == nil }) {
                return zip(files, zip(earlier, settled)).filter { $0.1.0 != $0.1.1 }.map(\.0)
            }
            now = settled
        }
    }
}
