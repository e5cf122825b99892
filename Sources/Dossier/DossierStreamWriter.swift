import Foundation

/// Writes the JSON, HTML and CSV forms of a dossier built by `DossierStream` to files as its evidence and items
/// arrive, so that they never stand whole in memory: the same bytes as `DossierBundle.rendered` gives for the
/// whole document. Evidence comes first (in document order), then the items (in item order).
public final class DossierStreamWriter {
    let skeleton: DossierDocument
    let evidenceCounts: [[String: Int]]
    /// Each element's place among the criteria: (criterion, element).
    let places: [(criterion: Int, element: Int)]

    let json: DossierOutputFile
    var jsonWriter = DossierJSONWriter()
    let layout: DossierJSONLayout
    var hole = 0
    var entriesInHole = 0

    let html: DossierOutputFile?
    var writer: HTMLDossierWriter
    var criterion = -1, element = -1, group = -1

    let csv: DossierOutputFile?
    var itemsStarted = false

    /// The files written, by name.
    public let paths: [String]
    let directory: URL
    /// The items' writers, when they are written apart (`itemsParts(_:)`), in item order.
    var parts: [DossierStreamItems] = []
    /// How many of them are appended already (`appendPart`), and how many items they hold.
    var appendedParts = 0
    var itemsAppended = 0

    /// Opens `dossier.json` (always), `dossier.html` and `items.csv` (as `formats` asks) in `directory`.
    public init(skeleton: DossierDocument, evidenceCounts: [[String: Int]], formats: [String], directory: URL) throws {
        self.skeleton = skeleton
        self.evidenceCounts = evidenceCounts
        self.directory = directory
        places = skeleton.criteria.enumerated().flatMap { c, criterion in criterion.elements.indices.map { (c, $0) } }
        layout = try DossierJSONLayout(skeleton, evidenceHoles: places.count)
        json = try DossierOutputFile(directory.appendingPathComponent("dossier.json"))
        html = formats.contains("html") ? try DossierOutputFile(directory.appendingPathComponent("dossier.html")) : nil
        csv = formats.contains("csv") ? try DossierOutputFile(directory.appendingPathComponent("items.csv")) : nil
        paths = ["dossier.json"] + (html == nil ? [] : ["dossier.html"]) + (csv == nil ? [] : ["items.csv"])
        writer = HTMLDossierWriter(DossierRenderIndex(skeleton))

        try json.write(layout.segments[0])
        if html != nil {
            writer.writeOpening()
            writer.beginCriteria()
            try drainHTML()
        }
        if let csv { try csv.write(CSVRenderer.header) }
    }

    // MARK: Evidence

    /// The next piece of evidence, in document order.
    public func write(_ streamed: StreamedEvidence) throws {
        precondition(!itemsStarted, "evidence comes before the items")
        while hole < streamed.position { try closeJSONHole() }
        try json.write(entriesInHole == 0 ? "\n" : ",\n")
        jsonWriter.bytes.removeAll(keepingCapacity: true)
        jsonWriter.evidence(streamed.evidence, indent: layout.indents[hole] + 2)
        try json.write(bytes: jsonWriter.bytes)
        entriesInHole += 1

        guard html != nil else { return }
        let place = places[streamed.position]
        let relation = DossierRenderIndex.knownRelations.firstIndex(of: streamed.evidence.relation) ?? DossierRenderIndex.knownRelations.count - 1
        advanceHTML(to: (place.criterion, place.element, relation))
        writer.index.stage(streamed.item, anchor: streamed.anchor, citations: [])
        writer.writeEvidence(streamed.evidence, known: true)
        writer.index.unstage(streamed.item.id)
        try drainHTML()
    }

    private func closeJSONHole() throws {
        let indent = String(repeating: " ", count: layout.indents[hole])
        try json.write((entriesInHole == 0 ? "\n\n" : "\n") + indent + "]")
        hole += 1
        entriesInHole = 0
        try json.write(layout.segments[hole])
    }

    /// Writes the HTML up to the evidence group `target` (closing and opening criteria, elements and groups,
    /// empty ones included); nil: to the end of the criteria.
    private func advanceHTML(to target: (criterion: Int, element: Int, group: Int)?) {
        let known = DossierRenderIndex.knownRelations
        func toGroup(_ g: Int) {
            while group < g {
                if group >= 0 { writer.endEvidenceGroup() }
                group += 1
                writer.beginEvidenceGroup(known[group], count: evidenceCounts[position(criterion, element)][known[group]] ?? 0)
            }
        }
        while true {
            if let target, criterion == target.criterion, element == target.element {
                toGroup(target.group)
                return
            }
            if element >= 0 {
                toGroup(known.count - 1)
                writer.endEvidenceGroup()
                writer.endElement()
            }
            if criterion >= 0, element + 1 < skeleton.criteria[criterion].elements.count {
                element += 1
                group = -1
                writer.beginElement(skeleton.criteria[criterion].elements[element], anchor: writer.index.elementAnchor(criterion, element))
                continue
            }
            if criterion >= 0 { writer.endCriterion() }
            criterion += 1
            element = -1
            if criterion >= skeleton.criteria.count { return }
            writer.beginCriterion(criterion)
        }
    }

    private func position(_ c: Int, _ e: Int) -> Int { places.firstIndex { $0 == (c, e) }! }

    // MARK: Items

    private func startItems() throws {
        guard !itemsStarted else { return }
        itemsStarted = true
        while hole < places.count { try closeJSONHole() }
        if html != nil {
            advanceHTML(to: nil)
            writer.endCriteria()
            writer.beginItems(empty: skeleton.summary.items == 0)
            try drainHTML()
        }
    }

    /// The next item, in item order.
    public func write(_ streamed: StreamedItem) throws {
        precondition(parts.isEmpty, "the items are written by their parts")
        try startItems()
        try json.write(entriesInHole == 0 ? "\n" : ",\n")
        jsonWriter.bytes.removeAll(keepingCapacity: true)
        jsonWriter.item(streamed.item, indent: layout.indents[hole] + 2)
        try json.write(bytes: jsonWriter.bytes)
        entriesInHole += 1
        if html != nil {
            writer.index.stage(streamed.item, anchor: streamed.anchor, citations: streamed.citations)
            writer.writeItem(streamed.item)
            writer.index.unstage(streamed.item.id)
            try drainHTML()
        }
        try csv?.write(CSVRenderer.row(streamed.item, links: streamed.links))
    }

    /// Writes what follows the items and closes the files.
    public func finish() throws {
        try startItems()
        // The items written apart follow what is written here, part after part (those not appended yet:
        // `appendPart`). Each part writes ",\n" before each of its items; the first item of all has "\n" alone, as
        // `write(_: StreamedItem)` writes it.
        let rest = parts[appendedParts...]
        for part in rest { try part.close() }
        var before = itemsAppended
        var skips: [Int] = []
        for part in rest {
            skips.append(part.separatorToSkip(itemsBefore: before))
            before += part.count
        }
        // Each file is joined on a thread of its own (the copying is the kernel's, one file at a time).
        var joins: [(DossierOutputFile, [(url: URL, skipping: Int)])] = [(json, zip(rest, skips).map { ($0.jsonURL, $1) })]
        if let html { joins.append((html, rest.compactMap { $0.htmlURL.map { ($0, 0) } })) }
        if let csv { joins.append((csv, rest.compactMap { $0.csvURL.map { ($0, 0) } })) }
        let joining = Joining(joins)
        DispatchQueue.concurrentPerform(iterations: joins.count) { joining.join($0) }
        try joining.outcome()
        appendedParts = parts.count
        if !parts.isEmpty { entriesInHole = parts.reduce(0) { $0 + $1.count } }
        try closeJSONHole()
        if html != nil {
            writer.endItems()
            writer.writeClosing()
            try drainHTML()
        }
        try json.close()
        try html?.close()
        try csv?.close()
    }

    private func drainHTML() throws {
        guard let html else { return }
        try html.write(writer.out)
        writer.out.removeAll(keepingCapacity: true)
    }

    // MARK: Items written apart

    /// Appends items part `k` (`itemsParts(_:)`), its run written and closed, where the items belong, and removes
    /// its working files: after the last piece of evidence, parts in order (`k` is the next one), one at a time and
    /// never while evidence is being written. What is not appended so, `finish()` appends. A part appended while
    /// other runs are still being written is copied (by the kernel) while they are, not after them all, and its
    /// working files go before they are written back to the disk.
    public func appendPart(_ k: Int) throws {
        precondition(k == appendedParts && k < parts.count, "the items parts are appended in order")
        try startItems()
        let part = parts[k]
        try part.close()
        try json.append(file: part.jsonURL, skipping: part.separatorToSkip(itemsBefore: itemsAppended))
        if let html, let url = part.htmlURL { try html.append(file: url) }
        if let csv, let url = part.csvURL { try csv.append(file: url) }
        itemsAppended += part.count
        appendedParts += 1
    }

    /// Writers for the items alone, `count` of them, each for a run of items in item order (the first for the
    /// first items, and so on), to run on other threads while this one writes the evidence: their JSON, HTML and
    /// CSV go to working files in the same folder, which `finish()` appends, in order, where the items belong, and
    /// removes.
    public func itemsParts(_ count: Int) -> [DossierStreamItems] {
        precondition(parts.isEmpty && !itemsStarted, "the items parts, once, before any item")
        parts = (0..<count).map { k in
            DossierStreamItems(directory: directory, name: ".items-\(k)", indent: layout.indents[places.count] + 2,
                               html: html == nil ? nil : HTMLDossierWriter(writer.index), csv: csv != nil)
        }
        return parts
    }
}

/// The joining of a streamed dossier's files (`DossierStreamWriter.finish`): each file with its items' parts, each on
/// a thread of its own. Each file and its parts are one thread's alone, and the caller waits for all of them before
/// it touches any again: so the unchecked `Sendable`.
private final class Joining: @unchecked Sendable {
    let joins: [(file: DossierOutputFile, parts: [(url: URL, skipping: Int)])]
    let lock = NSLock()
    var failures: [(join: Int, error: Error)] = []

    init(_ joins: [(file: DossierOutputFile, parts: [(url: URL, skipping: Int)])]) {
        self.joins = joins
    }

    func join(_ j: Int) {
        do {
            for part in joins[j].parts { try joins[j].file.append(file: part.url, skipping: part.skipping) }
        } catch {
            lock.withLock { failures.append((j, error)) }
        }
    }

    /// The first file's error, if any could not be joined.
    func outcome() throws {
        if let first = failures.min(by: { $0.join < $1.join }) { throw first.error }
    }
}

/// The items of a streamed dossier, written apart from its evidence (`DossierStreamWriter.itemsParts(_:)`): the same
/// bytes `DossierStreamWriter.write(_: StreamedItem)` writes, into working files. Used by one thread at a time.
public final class DossierStreamItems {
    let jsonURL: URL
    let htmlURL: URL?
    let csvURL: URL?
    /// The files, open only while the run is written (`open()` to `close()`): a ledger may have many runs.
    var json: DossierOutputFile?
    var html: DossierOutputFile?
    var csv: DossierOutputFile?
    var writer: HTMLDossierWriter?
    var jsonWriter = DossierJSONWriter()
    let indent: Int
    /// Items written.
    var count = 0

    /// How many bytes of the part's JSON to leave out where it is appended after `itemsBefore` items: the "," before
    /// the first item of all (1), else none.
    func separatorToSkip(itemsBefore: Int) -> Int { itemsBefore == 0 && count > 0 ? 1 : 0 }

    init(directory: URL, name: String, indent: Int, html writer: HTMLDossierWriter?, csv: Bool) {
        jsonURL = directory.appendingPathComponent(name + ".json.part")
        htmlURL = writer == nil ? nil : directory.appendingPathComponent(name + ".html.part")
        csvURL = csv ? directory.appendingPathComponent(name + ".csv.part") : nil
        self.writer = writer
        self.indent = indent
    }

    /// Opens the run's files (empty), before its first item.
    public func open() throws {
        json = try DossierOutputFile(jsonURL)
        html = try htmlURL.map { try DossierOutputFile($0) }
        csv = try csvURL.map { try DossierOutputFile($0) }
    }

    /// The next item, in item order.
    public func write(_ streamed: StreamedItem) throws {
        guard let json else { preconditionFailure("open() before write") }
        try json.write(",\n")
        jsonWriter.bytes.removeAll(keepingCapacity: true)
        jsonWriter.item(streamed.item, indent: indent)
        try json.write(bytes: jsonWriter.bytes)
        count += 1
        // The writer is changed where it is (a copy of it would copy its index).
        if let html, writer != nil {
            writer!.index.stage(streamed.item, anchor: streamed.anchor, citations: streamed.citations)
            writer!.writeItem(streamed.item)
            writer!.index.unstage(streamed.item.id)
            try html.write(writer!.out)
            writer!.out.removeAll(keepingCapacity: true)
        }
        try csv?.write(CSVRenderer.row(streamed.item, links: streamed.links))
    }

    /// Writes out and closes the run's files, and gives back its memory (the render index's copy included): many
    /// runs may wait to be appended.
    public func close() throws {
        try json?.close()
        try html?.close()
        try csv?.close()
        json = nil
        html = nil
        csv = nil
        writer = nil
        jsonWriter = DossierJSONWriter()
    }
}

/// The JSON text of a document without items and evidence, cut where they go: after each element's
/// `"evidence" : [` and after the top-level `"items" : [`. `segments[k]` ends with the bracket that opens hole k;
/// `segments[k + 1]` starts after the bracket that closes it.
struct DossierJSONLayout {
    var segments: [String] = []
    /// The indentation of each hole's closing bracket.
    var indents: [Int] = []

    init(_ skeleton: DossierDocument, evidenceHoles: Int) throws {
        let text = String(decoding: try DossierJSON.encode(skeleton), as: UTF8.self)
        var from = text.startIndex
        // Strings in JSON hold no raw quote or line break, so these markers only match the members themselves.
        let markers = Array(repeating: "\"evidence\" : [\n\n", count: evidenceHoles) + ["\n  \"items\" : [\n\n"]
        for marker in markers {
            guard let found = text.range(of: marker, range: from..<text.endIndex) else {
                throw DossierProblem("the dossier's JSON has no place for its evidence or items")
            }
            let open = text.index(found.upperBound, offsetBy: -2)
            var at = found.upperBound
            var indent = 0
            while at < text.endIndex, text[at] == " " {
                indent += 1
                at = text.index(after: at)
            }
            guard at < text.endIndex, text[at] == "]" else { throw DossierProblem("the dossier's JSON has an unexpected layout") }
            segments.append(String(text[from..<open]))
            indents.append(indent)
            from = text.index(after: at)
        }
        segments.append(String(text[from...]))
    }
}

/// A file written through a buffer.
final class DossierOutputFile {
    let url: URL
    let handle: FileHandle
    var buffer: [UInt8] = []

    init(_ url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw DossierProblem("cannot write \(url.path)") }
        self.url = url
        handle = try FileHandle(forWritingTo: url)
    }

    /// Appends the file at `url` (written and closed), but for its first `skipping` bytes, and removes it.
    func append(file url: URL, skipping: Int = 0) throws {
        try flush()
        let reader = try FileHandle(forReadingFrom: url)
        defer { try? reader.close() }
        try reader.seek(toOffset: UInt64(skipping))
        #if os(Linux)
        // In the kernel, without passing the bytes through this process (sendfile, file to file since Linux 2.6.33).
        var copied = false
        while true {
            let n = sendfile(handle.fileDescriptor, reader.fileDescriptor, nil, 64 << 20)
            if n > 0 { copied = true; continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            // Not supported here (nothing copied yet): copy through a buffer below.
            guard !copied else { throw DossierProblem("cannot append \(url.lastPathComponent): \(String(cString: strerror(errno)))") }
            break
        }
        if copied {
            try FileManager.default.removeItem(at: url)
            return
        }
        #endif
        while let chunk = try reader.read(upToCount: 8 << 20), !chunk.isEmpty { try handle.write(contentsOf: chunk) }
        try FileManager.default.removeItem(at: url)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        buffer = []
        try handle.close()
    }
}
