import Foundation

/// Reads big CSV and JSON Lines files in chunks and hands their rows over in batches, so memory stays bounded
/// whatever the file's size. Bytes are checked as they come: invalid UTF-8 and NUL are reported with their line.
public enum FileStream {
    static let chunkSize = 1 << 20

    static func open(_ path: String) throws(ImportFailure) -> FileHandle {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFailure([ImportIssue(RecordLocation(file: path, line: 1), field: "(file)", value: path, expected: "a readable file")])
        }
        return handle
    }

    static func decode(_ bytes: [UInt8], file: String, line: Int) throws(ImportFailure) -> String {
        if bytes.contains(0) {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: line), field: "(file)", value: nil, expected: "text without NUL characters (U+0000), which PostgreSQL cannot store")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: line), field: "(file)", value: nil, expected: "UTF-8 text (this line has bytes that are not UTF-8)")])
        }
        return text
    }

    /// Hands the lines of a file to `body` in batches of `batchSize` (line number, text without the newline).
    public static func lines(path: String, batchSize: Int = 5000, _ body: ([(line: Int, text: String)]) throws -> Void) throws {
        let handle = try open(path)
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var batch: [(line: Int, text: String)] = []
        var lineNumber = 0
        func emit(_ bytes: ArraySlice<UInt8>) throws {
            lineNumber += 1
            var slice = bytes
            if slice.last == 0x0D { slice = slice.dropLast() }
            batch.append((lineNumber, try decode(Array(slice), file: path, line: lineNumber)))
            if batch.count >= batchSize {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try emit(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty { try emit(pending[...]) }
        if !batch.isEmpty { try body(batch) }
    }

    /// Hands the rows of an RFC 4180 CSV file to `body` in batches (the first batch starts with the header).
    public static func csvRows(path: String, batchSize: Int = 5000, _ body: ([(line: Int, cells: [String])]) throws -> Void) throws {
        let handle = try open(path)
        defer { try? handle.close() }
        var parser = CSVParser(file: path)
        var batch: [(line: Int, cells: [String])] = []
        func take(_ row: (line: Int, cells: [String])) throws {
            batch.append(row)
            if batch.count >= batchSize {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
            try parser.feed([UInt8](chunk), take)
        }
        try parser.finish(take)
        if !batch.isEmpty { try body(batch) }
    }
}

/// An RFC 4180 CSV parser fed bytes in pieces: fields separated by commas, quoted with double quotes (doubled
/// inside), records ending in CRLF or LF; a quoted field may hold commas and line breaks. A leading UTF-8 byte
/// order mark is skipped. Rows come out with the line they start on.
struct CSVParser {
    let file: String
    var cells: [String] = []
    var field: [UInt8] = []
    var inQuotes = false, quoted = false, afterQuote = false, started = false, previousWasCR = false, quotedCR = false
    var line = 1, rowLine = 1

    init(file: String) { self.file = file }

    mutating func endField() throws(ImportFailure) {
        cells.append(try FileStream.decode(field, file: file, line: rowLine))
        field.removeAll(keepingCapacity: true)
        quoted = false
        afterQuote = false
    }

    mutating func endRow(_ emit: ((line: Int, cells: [String])) throws -> Void) throws {
        try endField()
        let row = cells
        cells = []
        if !(row.count == 1 && row[0].isEmpty) { try emit((rowLine, row)) }
    }

    func malformed(_ expected: String, line: Int) -> ImportFailure {
        ImportFailure([ImportIssue(RecordLocation(file: file, line: line), field: "(CSV)", value: nil, expected: expected)])
    }

    mutating func feed(_ input: [UInt8], _ emit: ((line: Int, cells: [String])) throws -> Void) throws {
        var bytes = input[...]
        if !started {
            started = true
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        }
        for byte in bytes {
            if previousWasCR {
                previousWasCR = false
                if byte == 0x0A { continue }
            }
            if inQuotes {
                // A line break inside a quoted field is stored as LF whether the file used CRLF or LF.
                if quotedCR {
                    quotedCR = false
                    if byte != 0x0A { field.append(0x0D) }
                }
                if byte == 0x22 {
                    inQuotes = false
                    afterQuote = true
                } else if byte == 0x0D {
                    quotedCR = true
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            if afterQuote && byte == 0x22 {
                field.append(0x22) // a doubled quote inside a quoted field
                inQuotes = true
                afterQuote = false
                continue
            }
            switch byte {
            case 0x2C:
                try endField()
            case 0x0A, 0x0D:
                try endRow(emit)
                line += 1
                rowLine = line
                previousWasCR = byte == 0x0D
            case 0x22:
                guard field.isEmpty, !quoted else {
                    throw malformed("a quote only at the start of a field (write two quotes inside a quoted field)", line: line)
                }
                inQuotes = true
                quoted = true
            default:
                if afterQuote { throw malformed("a comma or the end of the line after a closing quote", line: line) }
                field.append(byte)
            }
        }
    }

    mutating func finish(_ emit: ((line: Int, cells: [String])) throws -> Void) throws {
        if inQuotes { throw malformed("a closing quote for the field that starts on this line", line: rowLine) }
        if !field.isEmpty || !cells.isEmpty || quoted { try endRow(emit) }
    }
}
