import Foundation
import LedgerModel
#if canImport(Glibc)
import Glibc
#endif

/// The item groups of a streamed dossier build, kept in a local file after the one read from the database, so
/// that the later passes (in document order and in item order) read them from there instead of asking the server
/// again. The file is unlinked as soon as it is open: it lives only as long as the build holds it, and nothing of
/// it remains if the build stops. It holds the records as the build uses them, that is already redacted.
///
/// A group is found by its number (0, 1, … in the order appended); `group(_:)` reads one at any position,
/// `forEach` all in order.
final class DossierSpill {
    private let descriptor: Int32
    private var offsets: [Int] = [0]
    private var pending: [UInt8] = []
    private var written = 0

    /// Opens a new file in `directory` (and removes its name at once).
    init(directory: URL) throws {
        let path = directory.appendingPathComponent(".groups-\(getpid())").path
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw DossierSpillError("cannot make a working file in \(directory.path): \(String(cString: strerror(errno)))") }
        unlink(path)
        descriptor = fd
        pending.reserveCapacity(1 << 20)
    }

    deinit { close(descriptor) }

    /// How many groups are kept.
    var count: Int { offsets.count - 1 }

    /// Keeps one group; returns its number.
    @discardableResult
    func append(_ group: [LedgerRecord]) throws -> Int {
        put(UInt64(group.count))
        for record in group {
            put(record.entry)
            put(record.table)
            put(record.key)
            put(record.payload)
            if let substitute = record.substitute {
                put(UInt64(substitute.count) + 1)
                for (name, value) in substitute.sorted(by: { $0.key < $1.key }) {
                    put(name)
                    put(value)
                }
            } else {
                put(UInt64(0))
            }
        }
        offsets.append(written + pending.count)
        if pending.count >= 1 << 20 { try flush() }
        return offsets.count - 2
    }

    /// Writes what is still in memory (before reading).
    func flush() throws {
        var start = 0
        while start < pending.count {
            let n = pending.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + start, pending.count - start, off_t(written + start)) }
            guard n > 0 else { throw DossierSpillError("cannot write the working file: \(String(cString: strerror(errno)))") }
            start += n
        }
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Group `number`, as it was appended.
    func group(_ number: Int) throws -> [LedgerRecord] {
        precondition(pending.isEmpty, "flush before reading")
        let start = offsets[number], length = offsets[number + 1] - start
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, length - done, off_t(start + done)) }
            guard n > 0 else { throw DossierSpillError("cannot read the working file: \(String(cString: strerror(errno)))") }
            done += n
        }
        var reader = Reader(bytes: bytes)
        return try reader.group()
    }

    /// Every group, in the order appended.
    func forEach(_ body: ([LedgerRecord]) throws -> Void) throws {
        try flush()
        for number in 0..<count { try body(try group(number)) }
    }

    // MARK: The encoding: unsigned numbers as 8 bytes (little-endian); texts as length + 1 (0: null) and UTF-8.

    private func put(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { pending.append(contentsOf: $0) }
    }

    private func put(_ text: String?) {
        guard let text else { return put(UInt64(0)) }
        put(UInt64(text.utf8.count) + 1)
        pending.append(contentsOf: text.utf8)
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        mutating func number() throws -> UInt64 {
            guard at + 8 <= bytes.count else { throw DossierSpillError("the working file is shorter than what was written to it") }
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
            at += 8
            return value
        }

        mutating func text() throws -> String? {
            let length = try number()
            guard length > 0 else { return nil }
            let n = Int(length - 1)
            guard at + n <= bytes.count else { throw DossierSpillError("the working file is shorter than what was written to it") }
            defer { at += n }
            return String(decoding: bytes[at..<(at + n)], as: UTF8.self)
        }

        mutating func group() throws -> [LedgerRecord] {
            let count = Int(try number())
            var records: [LedgerRecord] = []
            records.reserveCapacity(count)
            for _ in 0..<count {
                let entry = try number()
                let table = try text() ?? ""
                let key = try text() ?? ""
                let payload = try text()
                var substitute: [String: String?]?
                let members = try number()
                if members > 0 {
                    var fields: [String: String?] = [:]
                    for _ in 0..<(members - 1) {
                        let name = try text() ?? ""
                        fields.updateValue(try text(), forKey: name)
                    }
                    substitute = fields
                }
                records.append(LedgerRecord(entry: entry, table: table, key: key, payload: payload, substitute: substitute))
            }
            return records
        }
    }
}

struct DossierSpillError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
