import Foundation
import LedgerModel
#if canImport(Glibc)
import Glibc
#endif

/// The shown items of a streamed dossier build as its first pass wrote them (`DossierStream.tally`), kept in a
/// local file so that the later passes (in document order and in item order) read them from there instead of
/// asking the server again or reading the rows a second time. The file is unlinked as soon as it is open: it lives
/// only as long as the build holds it, and nothing of it remains if the build stops. What it holds is already
/// redacted.
///
/// A record is found by its number (0, 1, … in the order appended); `record(_:)` reads one at any position (by
/// position, so that threads may read at once), a `Reader` (one per thread) reads them a window at a time,
/// `forEach` reads all in order.
///
/// Until the first `flush`, full buffers are written by a thread of the spill's own (`Writing`): the appending
/// thread (a streamed build's counting thread, the one its read waits for) spent a twelfth of its time copying
/// them into the file.
final class DossierSpill {
    private let descriptor: Int32
    private var offsets: [Int] = [0]
    private var pending: [UInt8] = []
    /// The bytes handed to be written (to `writing`, or written here): where `pending` starts in the file.
    private var written = 0
    private var writing: Writing?
    /// The first write that failed: the file has a hole, so nothing more is kept or read.
    private var failure: Error?

    /// Opens a new file in `directory` (and removes its name at once).
    init(directory: URL) throws {
        let path = directory.appendingPathComponent(".groups-\(getpid())").path
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw DossierSpillError("cannot make a working file in \(directory.path): \(String(cString: strerror(errno)))") }
        unlink(path)
        descriptor = fd
        pending.reserveCapacity(1 << 20)
        writing = Writing(descriptor: fd)
    }

    deinit {
        _ = try? writing?.end()
        close(descriptor)
    }

    /// How many records are kept.
    var count: Int { offsets.count - 1 }

    /// Keeps one record; returns its number.
    @discardableResult
    func append(_ record: [UInt8]) throws -> Int {
        if let failure { throw failure }
        pending.append(contentsOf: record)
        offsets.append(written + pending.count)
        if pending.count >= 1 << 20 {
            if let writing {
                var full: [UInt8] = []
                full.reserveCapacity(1 << 20)
                swap(&full, &pending)
                let at = written
                written += full.count
                do {
                    try writing.put(full, at: at)
                } catch {
                    failure = error
                    throw error
                }
            } else {
                try flush()
            }
        }
        return offsets.count - 2
    }

    /// Writes what is still in memory, after what was handed to the writing thread (which ends here): before reading.
    func flush() throws {
        if let failure { throw failure }
        if let writing {
            self.writing = nil
            do {
                try writing.end()
            } catch {
                failure = error
                throw error
            }
        }
        do {
            try DossierSpill.write(pending, at: written, to: descriptor)
        } catch {
            failure = error
            throw error
        }
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    static func write(_ bytes: [UInt8], at offset: Int, to descriptor: Int32) throws {
        var start = 0
        while start < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + start, bytes.count - start, off_t(offset + start)) }
            guard n > 0 else { throw DossierSpillError("cannot write the working file: \(String(cString: strerror(errno)))") }
            start += n
        }
    }

    /// The thread that writes a spill's full buffers, in the order handed, each at its own offset, through a queue
    /// of at most four. The descriptor is written at offsets the appending thread no longer touches, and read only
    /// after `end`.
    final class Writing: Sendable {
        private let descriptor: Int32
        private let buffers = HandOff<(bytes: [UInt8], offset: Int)>(limit: 4)
        private let done = DispatchGroup()

        init(descriptor: Int32) {
            self.descriptor = descriptor
            runOnOwnThread(done) { [buffers] in
                while let next = buffers.take() {
                    do {
                        try DossierSpill.write(next.bytes, at: next.offset, to: descriptor)
                    } catch {
                        buffers.fail(error)
                        return
                    }
                }
            }
        }

        /// Hands `bytes` over to be written at `offset` (waiting while four are queued); throws an earlier write's error.
        func put(_ bytes: [UInt8], at offset: Int) throws { try buffers.put((bytes, offset)) }

        /// Waits for everything handed over to be written, ends the thread; throws the first write's error.
        func end() throws {
            buffers.finish()
            done.wait()
            if let failure = buffers.failure { throw failure }
        }
    }

    /// Record `number`, as it was appended.
    func record(_ number: Int) throws -> [UInt8] {
        precondition(writing == nil && pending.isEmpty, "flush before reading")
        if let failure { throw failure }
        let start = offsets[number], length = offsets[number + 1] - start
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, length - done, off_t(start + done)) }
            guard n > 0 else { throw DossierSpillError("cannot read the working file: \(String(cString: strerror(errno)))") }
            done += n
        }
        return bytes
    }

    /// Every record, in the order appended.
    func forEach(_ body: ([UInt8]) throws -> Void) throws {
        try flush()
        let reader = Reader(self)
        for number in 0..<count { try body(try reader.record(number)) }
    }

    /// Reads records for one thread through a window of the file (a megabyte, or one record when larger), so that
    /// records read in increasing order, as every pass reads them, cost one read per window instead of one each.
    final class Reader {
        private let spill: DossierSpill
        private var window: [UInt8] = []
        private var start = 0

        init(_ spill: DossierSpill) {
            self.spill = spill
        }

        /// Record `number`, as it was appended.
        func record(_ number: Int) throws -> [UInt8] {
            precondition(spill.writing == nil && spill.pending.isEmpty, "flush before reading")
            if let failure = spill.failure { throw failure }
            let from = spill.offsets[number], to = spill.offsets[number + 1]
            if from < start || to > start + window.count {
                let end = min(spill.written, max(to, from + (1 << 20)))
                window = [UInt8](repeating: 0, count: end - from)
                var done = 0
                while done < window.count {
                    let n = window.withUnsafeMutableBytes { pread(spill.descriptor, $0.baseAddress! + done, $0.count - done, off_t(from + done)) }
                    guard n > 0 else { throw DossierSpillError("cannot read the working file: \(String(cString: strerror(errno)))") }
                    done += n
                }
                start = from
            }
            return Array(window[(from - start)..<(to - start)])
        }
    }
}

struct DossierSpillError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
