import Dossier
import Foundation
import LedgerModel
import Postgres
import Transparency

extension DossierRun {
    /// `dossier build --stream`: writes the formats of a dossier (JSON, and HTML and CSV when the spec names
    /// them) item by item, for ledgers too large to build in memory. The same snapshot, redaction and leak check
    /// as `build`, and the same bytes as its `--formats-only` files; no records, proofs or exhibits (a bundle needs
    /// them all at once), and no Markdown.
    ///
    /// The catalogue is read whole; the items and links are read once, in item order, in the snapshot (split among
    /// connections that share it, merged in item order: `DossierItemGroups`); each shown item is made into a record
    /// once and kept in a working file (`DossierSpill`) for the later passes; the files are written into a temporary
    /// folder that is renamed into place only after the leak check has read them back.
    public static func buildStreamed(connection: Connection, spec: DossierSpec, pinnedKey: NoteVerifier, checkpointSize: UInt64?,
                                     includeProtected: Bool, out: URL, runItems: Int = 20_000) throws -> Built {
        if spec.formats.contains("markdown") {
            throw Refusal.specDoesNotFit("--stream writes JSON, HTML and CSV: leave markdown out of the spec's formats, or build without --stream")
        }
        if includeProtected { try checkProtected(connection) }
        let temporary = try DossierOutputFolder(out)
        return try DossierSnapshot.read(connection: connection, checkpointSize: checkpointSize, identities: includeProtected, pinnedKey: pinnedKey,
                                        catalogueOnly: true, proofs: false) { snapshot in
            let size = snapshot.checkpoint.size
            let state = DossierDocument.LedgerState(
                origin: snapshot.checkpoint.origin, checkpointSize: size,
                checkpointRoot: Data(snapshot.checkpoint.root).base64EncodedString(),
                checkpointSignedAt: snapshot.checkpoint.signedAt, verifierKey: pinnedKey.keyString)

            // Redaction: the sources the profile withholds are known from the catalogue; what items hold of them
            // is read (and withheld) before the items themselves.
            var plan = try Redaction.Plan(profile: spec.profile, includeProtected: includeProtected, records: snapshot.records, coarsenedPlaces: [])
            var naming: [LedgerRecord] = []
            if !plan.withheldSources.isEmpty {
                naming = try DossierItemGroups.recordsNaming(sources: plan.withheldSources.sorted(), snapshot.connection, checkpointSize: size)
                if plan.coarsens {
                    let items = Set(naming.compactMap { try? $0.fields()["item_id"] ?? nil })
                    let places = try DossierItemGroups.places(of: items.sorted(), snapshot.connection, checkpointSize: size)
                    plan = try Redaction.Plan(profile: spec.profile, includeProtected: includeProtected, records: snapshot.records, coarsenedPlaces: places)
                }
            }
            for record in naming { _ = try plan.apply(record) }
            var catalogue: [LedgerRecord] = []
            for record in snapshot.records { if let redacted = try plan.apply(record) { catalogue.append(redacted) } }

            // Exhibit sizes, as the files written by `build` would show them.
            var sizes: [String: Int] = [:]
            for record in catalogue where record.table == "exhibit" {
                guard let hex = (try record.fields()["sha256"]) ?? nil, sizes[hex] == nil else { continue }
                sizes[hex] = try snapshot.exhibitContent(sha256: hex).count
            }

            var stream: DossierStream
            do {
                stream = try DossierStream(spec: spec, ledger: state, includeProtected: includeProtected, exhibitSizes: sizes, catalogue: catalogue)
            } catch let problem as DossierProblem {
                throw Refusal.specDoesNotFit("the spec does not fit the ledger; nothing was written:\n\(problem.description)")
            }
            let criteria = stream.criterionOrder
            // The planner cannot see how many rows the groups' CTEs hold; a nested loop over them is quadratic (a
            // million items: hours instead of minutes). Hash and merge joins keep the read linear.
            try snapshot.connection.execute("SET LOCAL enable_nestloop = off")
            // The groups are read from the server once, in item order, and redacted on this thread; they are counted
            // on a second thread as they arrive, which keeps the record of each shown item in a working file for the
            // later passes.
            let spill = try DossierSpill(directory: temporary.url)
            let counting = CountingPass(stream: stream, spill: spill)
            let counted = DispatchGroup()
            runOnOwnThread(counted) { counting.run() }
            let read = Result { () throws -> Void in
                var batch: [[LedgerRecord]] = []
                // Split among connections in the same snapshot, one per processor (two to four).
                let shared = try snapshot.sharing(min(4, max(2, ProcessInfo.processInfo.activeProcessorCount)) - 1)
                defer { for connection in shared { connection.close() } }
                // Split among connections, one per processor, the parts' parallel workers would only contend with
                // the other parts for the same processors (two parts in psql, two rounds: 13.6 / 13.6 s without
                // workers against 14.2 / 14.0 s with them). Read on one connection, the server may use them.
                if !shared.isEmpty {
                    for connection in [snapshot.connection] + shared { try connection.execute("SET LOCAL max_parallel_workers_per_gather = 0") }
                }
                try DossierItemGroups.stream([snapshot.connection] + shared, checkpointSize: size, criteria: criteria) { group in
                    var redacted: [LedgerRecord] = []
                    redacted.reserveCapacity(group.count)
                    for record in group { if let r = try plan.apply(record) { redacted.append(r) } }
                    batch.append(redacted)
                    if batch.count == 64 {
                        try counting.push(batch)
                        batch = []
                    }
                }
                try counting.push(batch)
            }
            counting.finish()
            counted.wait()
            try read.get()
            stream = try counting.outcome()
            try spill.flush()
            let skeleton: DossierDocument
            do {
                skeleton = try stream.skeleton()
            } catch let problem as DossierProblem {
                throw Refusal.specDoesNotFit(problem.description)
            }
            precondition(spill.count == stream.shownCount, "one record kept per shown item")
            if stream.needsAnchorPass { try spill.forEach { try stream.claimAnchor($0) } }
            let writer = try DossierStreamWriter(skeleton: skeleton, evidenceCounts: stream.evidenceCounts, formats: spec.formats,
                                                 directory: temporary.url)
            // The evidence (in document order) and the items (in item order, in runs each written to its own
            // working files) are written by as many threads as there are processors (at least two), each taking
            // the next job as it is free; all only read the stream and the working file.
            let runs = spill.count == 0 ? 0 : min(1_000, max(1, (spill.count + runItems - 1) / max(1, runItems)))
            let parts = writer.itemsParts(runs)
            var jobs: [StreamJob] = [.evidence(stream.evidenceOrder())]
            for k in 0..<runs { jobs.append(.items(k * spill.count / runs..<(k + 1) * spill.count / runs, parts[k])) }
            let threads = min(jobs.count, max(2, ProcessInfo.processInfo.activeProcessorCount))
            let pass = StreamPass(stream: stream, spill: spill, writer: writer, jobs: jobs)
            let done = DispatchGroup()
            for _ in 0..<threads {
                runOnOwnThread(done) { pass.work() }
            }
            done.wait()
            try pass.outcome()
            try writer.finish()

            // The leak check, on the files as written.
            let withheld = plan.leakValues
            var leaks: [String] = []
            for path in writer.paths.sorted() {
                let inFile = try Redaction.leaks(of: withheld, inFile: temporary.url.appendingPathComponent(path))
                if !inFile.isEmpty || !Redaction.leaks(of: withheld, in: path).isEmpty { leaks.append(path) }
            }
            guard leaks.isEmpty else {
                throw Refusal.leak("leak check: a value the \(spec.profile) profile withholds appears in \(leaks.joined(separator: ", ")); nothing was written")
            }
            try temporary.commit()

            let gaps = skeleton.criteria.flatMap(\.elements).filter { !$0.gaps.filter { $0.code != "contrary-evidence" }.isEmpty }.count
            var lines = ["dossier \"\(skeleton.title)\" as of checkpoint \(state.checkpointSize) (signed \(state.checkpointSignedAt)):",
                         "  \(skeleton.summary.items) items, \(skeleton.summary.elements) elements (\(gaps) with gaps), \(skeleton.sources.count) sources shown, \(skeleton.redaction.withheldSources) withheld (profile \(spec.profile))"]
            for path in ["dossier.html", "dossier.json", "items.csv"] where writer.paths.contains(path) {
                lines.append("  " + out.appendingPathComponent(path).path)
            }
            lines.append("  formats only, written item by item: no records, proofs or exhibits (not verifiable)")
            return Built(directory: out, zip: nil, document: skeleton, files: [:], summary: lines.joined(separator: "\n"))
        }
    }
}

/// The counting pass of a streamed build (`DossierStream.count`), run on its own thread while the calling thread
/// reads and redacts the groups: batches of groups go through a small queue (the reader waits when it is full); the
/// shown items go on to the recording thread, which keeps their records in the working file, and the counted
/// batches to a thread that lets go of them. The stream is the counting thread's until `finish()` and its end; the
/// calling thread takes it back after waiting for that thread: so the unchecked `Sendable`.
private final class CountingPass: @unchecked Sendable {
    private var stream: DossierStream
    private let batches = HandOff<[[LedgerRecord]]>(limit: 16)
    /// The counted batches, let go of on a thread of their own: freeing their records (their members, a dictionary
    /// of strings each) was an eighth of the counting thread's time, and it is the thread the read waits for.
    private let release = HandOff<[[LedgerRecord]]>(limit: 8)
    /// The shown items, made into records and kept on a thread of their own (`record`).
    private let recording = HandOff<[DossierStream.Counted]>(limit: 16)
    private let recorder: DossierStream.Recorder
    private let spill: DossierSpill

    init(stream: DossierStream, spill: DossierSpill) {
        self.stream = stream
        self.spill = spill
        recorder = stream.recorder
    }

    /// Hands a batch over (waiting while 16 are queued); throws the counting thread's error, if it met one.
    func push(_ batch: [[LedgerRecord]]) throws { try batches.put(batch) }

    /// No more batches.
    func finish() { batches.finish() }

    func run() {
        let released = DispatchGroup(), recorded = DispatchGroup()
        runOnOwnThread(released) { while self.release.take() != nil {} }
        runOnOwnThread(recorded) { self.record() }
        defer {
            recording.finish()
            recorded.wait()
            release.finish()
            released.wait()
        }
        while let batch = batches.take() {
            do {
                var counted: [DossierStream.Counted] = []
                for group in batch {
                    if let item = try stream.count(group) { counted.append(item) }
                }
                try recording.put(counted)
                try release.put(consume batch)
            } catch {
                batches.fail(error)
                return
            }
        }
    }

    /// On the recording thread: makes the shown items' records (`DossierStream.Recorder`) and keeps them in the
    /// working file in the order counted (about a fifth of the counting's work). The working file is this thread's
    /// until it ends; the caller waits for it before touching it.
    private func record() {
        while let batch = recording.take() {
            do {
                for counted in batch { try spill.append(recorder.record(counted)) }
            } catch {
                recording.fail(error)
                return
            }
        }
    }

    /// The stream as counted (after the counting thread has ended), or its error (or the recording's).
    func outcome() throws -> DossierStream {
        if let failure = batches.failure { throw failure }
        if let failure = recording.failure { throw failure }
        return stream
    }
}

/// A piece of the writing of a streamed build: the evidence in document order (the items' records and their
/// entries), or the items of a run of records.
private enum StreamJob {
    case evidence([(record: Int, entry: Int)])
    case items(Range<Int>, DossierStreamItems)
}

/// The writing passes of a streamed build, shared by the threads that do them. Each thread takes the next task
/// under the lock: once the evidence is written, the next items part in order if its run is written (appended to
/// the files where the items belong: `DossierStreamWriter.appendPart`, one thread at a time) while other jobs are
/// still to do or being done, else the next job. What is left to append when the jobs are all done, `finish()`
/// joins, each file on a thread of its own.
/// The evidence job and the appending alone use the writer (the one after the other), each items job its own part;
/// all of them only read the stream and the working file (by position, which moves no shared offset). The calling
/// thread waits for every thread before it touches any of these again: so the unchecked `Sendable`.
private final class StreamPass: @unchecked Sendable {
    let stream: DossierStream
    let spill: DossierSpill
    let writer: DossierStreamWriter
    let jobs: [StreamJob]
    let lock = NSLock()
    var next = 0
    var failures: [(job: Int, error: Error)] = []
    /// Whether the evidence job has ended (it is the first job).
    var evidenceWritten = false
    /// Whether each items part's run is written, by part.
    var written: [Bool]
    /// The next part to append, and whether a thread is appending one.
    var appended = 0
    var appending = false
    /// Jobs being done.
    var running = 0

    init(stream: DossierStream, spill: DossierSpill, writer: DossierStreamWriter, jobs: [StreamJob]) {
        self.stream = stream
        self.spill = spill
        self.writer = writer
        self.jobs = jobs
        written = Array(repeating: false, count: jobs.count - 1)
    }

    private enum Task {
        case append(Int)
        case job(Int)
    }

    func work() {
        while true {
            let taken: Task? = lock.withLock {
                guard failures.isEmpty else { return nil }
                if evidenceWritten, !appending, appended < written.count, written[appended], next < jobs.count || running > 0 {
                    appending = true
                    return .append(appended)
                }
                guard next < jobs.count else { return nil }
                running += 1
                defer { next += 1 }
                return .job(next)
            }
            switch taken {
            case nil:
                return
            case .append(let part):
                do {
                    try writer.appendPart(part)
                    lock.withLock {
                        appended += 1
                        appending = false
                    }
                } catch {
                    lock.withLock { failures.append((1 + part, error)) }
                }
            case .job(let job):
                do {
                    let reader = DossierSpill.Reader(spill)
                    switch jobs[job] {
                    case .evidence(let order):
                        for (number, entry) in order { try writer.write(try stream.evidence(try reader.record(number), entry: entry)) }
                    case .items(let range, let part):
                        try part.open()
                        for number in range { try part.write(try stream.item(try reader.record(number))) }
                        try part.close()
                    }
                    lock.withLock {
                        running -= 1
                        if job == 0 { evidenceWritten = true } else { written[job - 1] = true }
                    }
                } catch {
                    lock.withLock {
                        running -= 1
                        failures.append((job, error))
                    }
                }
            }
        }
    }

    /// The first job's error, if any failed.
    func outcome() throws {
        if let first = failures.min(by: { $0.job < $1.job }) { throw first.error }
    }
}

/// The folder a streamed dossier is written into: a temporary sibling renamed into place at the end (and removed
/// when the build does not get there), as `DossierBundle.write` does for a whole bundle.
final class DossierOutputFolder {
    let target: URL
    let url: URL
    private var committed = false

    init(_ target: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? ["?"]
            guard contents.isEmpty else { throw DossierProblem("\(target.path) exists and is not empty: name a new folder") }
        }
        self.target = target
        url = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: url)
        try fm.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func commit() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
        try fm.moveItem(at: url, to: target)
        committed = true
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: url) }
    }
}
