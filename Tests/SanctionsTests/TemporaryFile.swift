import Foundation

/// Input files for the readers, each in a folder of its own that goes when the test is done.
struct TemporaryFile {
    let directory: URL
    let path: String

    init(_ text: String, name: String) throws {
        try self.init(bytes: Array(text.utf8), name: name)
    }

    init(bytes: [UInt8], name: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("el-sanctions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(name).path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
