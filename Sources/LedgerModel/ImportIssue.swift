/// Where a record or field came from: file and line (1-based).
public struct RecordLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One thing wrong with an input: where, which field, the value found and what was expected.
public struct ImportIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: RecordLocation
    /// The field as a path, e.g. `items[3].occurred.from`.
    public var field: String
    /// The value found, shortened for display; nil when the field is missing.
    public var value: String?
    public var expected: String

    public init(_ location: RecordLocation, field: String, value: String?, expected: String) {
        self.location = location
        self.field = field
        self.value = value.map(ImportIssue.shorten)
        self.expected = expected
    }

    /// `file:line: field: "value" is not …` — one line, as the CLI prints it.
    public var description: String {
        if let value {
            return "\(location): \(field): \"\(value)\": expected \(expected)"
        }
        return "\(location): \(field): missing: expected \(expected)"
    }

    static func shorten(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "\\n")
        return flat.count > 80 ? String(flat.prefix(77)) + "…" : flat
    }
}

/// Everything wrong with an input batch; nothing of it was written.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var issues: [ImportIssue]

    public init(_ issues: [ImportIssue]) {
        self.issues = issues
    }

    public var description: String {
        let shown = issues.prefix(20).map(\.description)
        let more = issues.count > 20 ? ["… and \(issues.count - 20) more"] : []
        return (shown + more).joined(separator: "\n")
    }
}
