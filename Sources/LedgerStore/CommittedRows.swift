#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the log's entries committed each row to, by the row's table and key (as a leaf encodes them): the latest
/// entry's index, payload digest and exhibit digest. Verify puts every entry in and takes every stored row out.
///
/// A flat open-addressing table instead of a `Dictionary`: with millions of rows, a dictionary of byte-array keys
/// spent most of verify's time allocating keys and following pointers to compare them. Here the keys lie end to
/// end in one buffer, each slot holds a key's 64-bit hash and its entry, and a key's bytes are compared only when
/// the hashes are equal; hashes only find slots, equality is always decided on the bytes.
///
/// The table is far larger than the processor's caches, and rows are met in another order than their entries, so
/// nearly every lookup waits for memory. Entries and rows are therefore handled in groups of ``groupSize``: the
/// slots of a whole group are read first, one after the other without waiting for each other (the processor fetches
/// them together), then each key is looked up in turn. The outcome is the one of handling them one by one.
struct CommittedRows {
    static let groupSize = 16

    private struct Entry {
        var keyStart: Int
        var keyCount: Int32
        var taken = false
        /// A later entry of a row already in the table: merged into the earlier one, not a row of its own.
        var merged = false
        var index: UInt64
        var payload: Digest32
    }

    /// A slot of the table: the key's hash with its top bit set (0 = empty), and the position in `entries`; one
    /// array of both, so that a probe touches one place.
    private struct Slot {
        var hash: UInt64
        var position: Int
    }

    /// An entry that logged a row an earlier entry had already logged.
    struct Repeat {
        var key: [UInt8]
        var index: UInt64
        var earlier: UInt64
    }

    private var keys: [UInt8] = []
    private var entries: [Entry] = []
    /// Exhibit digests, by position in `entries`: few rows have one (exhibit contents).
    private var exhibits: [Int: Digest32] = [:]
    private var slots: [Slot]
    private var mask: Int
    /// Entries added but not yet in the slots (positions from `entries.count - pending.count` on), with their hashes.
    private var pending: [UInt64] = []
    /// Entries that logged a row again, in log order.
    private(set) var repeats: [Repeat] = []
    /// Where the reads that fetch slots ahead go, so that they are not left out.
    private var fetched: UInt64 = 0

    init(capacity: Int) {
        var count = 16
        while count < capacity * 2 { count <<= 1 }
        slots = [Slot](repeating: Slot(hash: 0, position: 0), count: count)
        mask = count - 1
        entries.reserveCapacity(capacity)
        keys.reserveCapacity(capacity * 64)
        pending.reserveCapacity(Self.groupSize)
    }

    /// A random seed for this process, so that which keys share a slot cannot be known in advance.
    static let seed = UInt64.random(in: UInt64.min...UInt64.max)

    /// The key's 64-bit hash with the top bit set: its 8-byte words folded by multiplication and mixed at the end
    /// (SplitMix64's finaliser). Several times cheaper than `Hasher` for keys of 40–60 bytes, and only ever used to
    /// find a slot: equality is decided on the bytes.
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h = seed ^ (UInt64(key.count) &* 0x9E37_79B9_7F4A_7C15)
        let count = key.count
        var at = 0
        while at + 8 <= count {
            h = (h ^ key.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            at += 8
        }
        if at < count {
            var tail: UInt64 = 0
            for i in at..<count { tail |= UInt64(key[i]) << UInt64(8 * (i - at)) }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        h ^= h >> 30
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27
        h &*= 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return h | (1 << 63)
    }

    /// Whether the key of the entry at `position` is `key`, byte for byte.
    private func keyOf(_ position: Int, equals key: UnsafeRawBufferPointer) -> Bool {
        let entry = entries[position]
        guard Int(entry.keyCount) == key.count else { return false }
        guard key.count > 0 else { return true }
        return keys.withUnsafeBytes { memcmp($0.baseAddress! + entry.keyStart, key.baseAddress!, key.count) == 0 }
    }

    /// Calls `body` with the key bytes of the entry at `position`.
    private func withKey<T>(at position: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let entry = entries[position]
        return try keys.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[entry.keyStart..<(entry.keyStart + Int(entry.keyCount))])) }
    }

    /// Reads the slot a hash starts at (ahead of its lookup).
    private mutating func fetch(_ hash: UInt64) {
        fetched &+= slots[Int(truncatingIfNeeded: hash) & mask].hash
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func slot(for key: UnsafeRawBufferPointer, hash: UInt64) -> (slot: Int, found: Bool) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored.hash == 0 { return (slot, false) }
            if stored.hash == hash, keyOf(stored.position, equals: key) { return (slot, true) }
            slot = (slot + 1) & mask
        }
    }

    /// Records that entry `index` committed the row `key` to these digests. When an earlier entry had logged the
    /// same row, the later one is kept and the pair is added to ``repeats`` (by the time ``finishCommits()`` returns).
    mutating func commit(key: UnsafeRawBufferPointer, index: UInt64, payload: Digest32, exhibit: Digest32?) {
        let hash = Self.hash(key)
        let position = entries.count
        if let exhibit { exhibits[position] = exhibit }
        entries.append(Entry(keyStart: keys.count, keyCount: Int32(key.count), index: index, payload: payload))
        keys.append(contentsOf: key)
        pending.append(hash)
        if pending.count == Self.groupSize { finishCommits() }
    }

    /// Puts the entries committed so far into the slots, in log order.
    mutating func finishCommits() {
        guard !pending.isEmpty else { return }
        let first = entries.count - pending.count
        if entries.count * 2 >= slots.count { grow(upTo: first) }
        for hash in pending { fetch(hash) }
        for (offset, hash) in pending.enumerated() {
            let position = first + offset
            let (slot, found) = withKey(at: position) { self.slot(for: $0, hash: hash) }
            if found {
                // The row again: the earlier entry's place now holds this one's digests.
                let earlierPosition = slots[slot].position
                let earlier = entries[earlierPosition].index
                entries[earlierPosition].index = entries[position].index
                entries[earlierPosition].payload = entries[position].payload
                exhibits[earlierPosition] = exhibits.removeValue(forKey: position)
                entries[position].merged = true
                repeats.append(Repeat(key: withKey(at: position) { Array($0) }, index: entries[position].index, earlier: earlier))
            } else {
                slots[slot] = Slot(hash: hash, position: position)
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// What was committed for the row `key`, marked as found; nil when no entry logged it, or when it was already
    /// taken (a row met twice). ``finishCommits()`` must have been called after the last commit.
    mutating func take(key: UnsafeRawBufferPointer) -> (index: UInt64, payload: Digest32, exhibit: Digest32?)? {
        take(key: key, hash: Self.hash(key))
    }

    private mutating func take(key: UnsafeRawBufferPointer, hash: UInt64) -> (index: UInt64, payload: Digest32, exhibit: Digest32?)? {
        precondition(pending.isEmpty, "rows taken before the last entries were put in")
        let (slot, found) = slot(for: key, hash: hash)
        guard found else { return nil }
        let position = slots[slot].position
        guard !entries[position].taken else { return nil }
        entries[position].taken = true
        let entry = entries[position]
        return (entry.index, entry.payload, exhibits.isEmpty ? nil : exhibits[position])
    }

    /// ``take(key:)`` of each row of a group (at most ``groupSize``), in order; `result` is called with each row's
    /// number in the group and what was taken for it.
    mutating func take(group count: Int, key: (Int) -> UnsafeRawBufferPointer,
                       _ result: (Int, (index: UInt64, payload: Digest32, exhibit: Digest32?)?) throws -> Void) rethrows {
        precondition(count <= Self.groupSize)
        try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.groupSize) { hashes in
            // Read ahead, for the whole group at a time: the slots, the entries in them, the entries' keys.
            for i in 0..<count { hashes[i] = Self.hash(key(i)) }
            for i in 0..<count { fetch(hashes[i]) }
            for i in 0..<count {
                let stored = slots[Int(truncatingIfNeeded: hashes[i]) & mask]
                if stored.hash == hashes[i] { fetched &+= UInt64(truncatingIfNeeded: entries[stored.position].keyStart) }
            }
            keys.withUnsafeBytes { keyBytes in
                for i in 0..<count {
                    let stored = slots[Int(truncatingIfNeeded: hashes[i]) & mask]
                    if stored.hash == hashes[i] {
                        let start = entries[stored.position].keyStart
                        if start < keyBytes.count { fetched &+= UInt64(keyBytes[start]) }
                    }
                }
            }
            for i in 0..<count { try result(i, take(key: key(i), hash: hashes[i])) }
        }
    }

    /// The rows logged but never taken, with their entries.
    func notTaken() -> [(key: [UInt8], index: UInt64)] {
        entries.indices.filter { !entries[$0].taken && !entries[$0].merged }.map { (withKey(at: $0) { Array($0) }, entries[$0].index) }
    }

    /// Doubles the slots, putting in again the entries before `end` (those already in the slots).
    private mutating func grow(upTo end: Int) {
        var count = slots.count * 2
        while count <= entries.count * 2 { count <<= 1 }
        slots = [Slot](repeating: Slot(hash: 0, position: 0), count: count)
        mask = count - 1
        for position in 0..<end where !entries[position].merged {
            let hash = withKey(at: position) { Self.hash($0) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot].hash != 0 { slot = (slot + 1) & mask }
            slots[slot] = Slot(hash: hash, position: position)
        }
    }
}
