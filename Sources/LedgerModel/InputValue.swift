import Yams

/// A value of an input record, whatever the file's format (YAML, JSON Lines, CSV): text, a list or a mapping,
/// each with the line it starts on. The readers check these with one set of rules.
public indirect enum InputValue {
    /// Text as written; `plain` is false when it was quoted (so `"633"` stays text and `null` is not null).
    public struct Scalar {
        public var string: String
        public var plain: Bool
        public var line: Int

        public init(_ string: String, plain: Bool = false, line: Int) {
            self.string = string
            self.plain = plain
            self.line = line
        }
    }

    /// Key–value pairs in input order.
    public struct Mapping: Sequence {
        public var pairs: [(InputValue, InputValue)]
        public var line: Int

        public init(_ pairs: [(InputValue, InputValue)], line: Int) {
            self.pairs = pairs
            self.line = line
        }

        public func makeIterator() -> IndexingIterator<[(InputValue, InputValue)]> { pairs.makeIterator() }
        public var first: (key: InputValue, value: InputValue)? { pairs.first.map { (key: $0.0, value: $0.1) } }
    }

    /// Items in order.
    public struct List: Sequence {
        public var items: [InputValue]
        public var line: Int

        public init(_ items: [InputValue], line: Int) {
            self.items = items
            self.line = line
        }

        public func makeIterator() -> IndexingIterator<[InputValue]> { items.makeIterator() }
    }

    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(List)

    /// The line the value starts on.
    public var line: Int {
        switch self {
        case .scalar(let s): s.line
        case .mapping(let m): m.line
        case .sequence(let l): l.line
        }
    }

    /// The text of a scalar (also of a null literal), nil for lists and mappings.
    public var string: String? {
        if case .scalar(let s) = self { return s.string }
        return nil
    }

    /// A quoted text value.
    public static func text(_ string: String, line: Int) -> InputValue { .scalar(Scalar(string, plain: false, line: line)) }

    /// A mapping of text keys.
    public static func mapping(_ pairs: [(String, InputValue)], line: Int) -> InputValue {
        .mapping(Mapping(pairs.map { (.text($0.0, line: line), $0.1) }, line: line))
    }

    /// Converts a YAML node. Aliases are followed, so the walk counts every node and stops (returning nil) once
    /// `budget` is spent: a document of nested aliases cannot make it do unbounded work.
    static func from(_ node: Node, budget: inout Int) -> InputValue? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let line = node.mark?.line ?? 1
        switch node {
        case .scalar(let scalar):
            return .scalar(Scalar(scalar.string, plain: scalar.style == .plain, line: line))
        case .mapping(let mapping):
            var pairs: [(InputValue, InputValue)] = []
            for (key, value) in mapping {
                guard let k = from(key, budget: &budget), let v = from(value, budget: &budget) else { return nil }
                pairs.append((k, v))
            }
            return .mapping(Mapping(pairs, line: line))
        case .sequence(let sequence):
            var items: [InputValue] = []
            for item in sequence {
                guard let v = from(item, budget: &budget) else { return nil }
                items.append(v)
            }
            return .sequence(List(items, line: line))
        case .alias:
            return nil
        }
    }
}
