/// What the log's entries committed each row to, by the row's table and key (as a leaf encodes them): the latest
/// entry's index, payload digest and exhibit digest. Verify puts every entry in and takes every stored row out.
///
/// A flat open-addressing table instead of a `Dictionary`: with millions of rows, a dictionary of byte-array keys
/// spent most of verify's time allocating keys and following pointers to compare them. Here the keys lie end to
/// end in one buffer, each slot holds a key's 64-bit hash and its entry, and a key's bytes are compared only when
/// the hashes are equal; hashes only find slots, equality is always decided on the bytes.
struct CommittedRows {
    private struct Entry {
        var keyStart: Int
        var keyCount: Int
        var index: UInt64
        var payload: Digest32
        var exhibit: Digest32?
        var taken = false
    }

    private var keys: [UInt8] = []
    private var entries: [Entry] = []
    /// Per slot: the key's hash with its top bit set (0 = empty), and the position in `entries`.
    private var hashes: [UInt64]
    private var positions: [Int32]
    private var mask: Int

    init(capacity: Int) {
        var slots = 16
        while slots < capacity * 2 { slots <<= 1 }
        hashes = [UInt64](repeating: 0, count: slots)
        positions = [Int32](repeating: 0, count: slots)
        mask = slots - 1
        entries.reserveCapacity(capacity)
        keys.reserveCapacity(capacity * 64)
    }

    private static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: key)
        return UInt64(bitPattern: Int64(hasher.finalize())) | (1 << 63)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func slot(for key: UnsafeRawBufferPointer, hash: UInt64) -> (slot: Int, found: Bool) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = hashes[slot]
            if stored == 0 { return (slot, false) }
            if stored == hash {
                let entry = entries[Int(positions[slot])]
                let equal = entry.keyCount == key.count && keys.withUnsafeBytes {
                    $0[entry.keyStart..<(entry.keyStart + entry.keyCount)].elementsEqual(key)
                }
                if equal { return (slot, true) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Records that entry `index` committed the row `key` to these digests; returns the earlier entry that had
    /// logged the same row, if any (the later one is kept).
    mutating func commit(key: UnsafeRawBufferPointer, index: UInt64, payload: Digest32, exhibit: Digest32?) -> UInt64? {
        let hash = Self.hash(key)
        let (slot, found) = slot(for: key, hash: hash)
        if found {
            let position = Int(positions[slot])
            let earlier = entries[position].index
            entries[position].index = index
            entries[position].payload = payload
            entries[position].exhibit = exhibit
            return earlier
        }
        if entries.count * 2 >= hashes.count { grow() ; return commit(key: key, index: index, payload: payload, exhibit: exhibit) }
        hashes[slot] = hash
        positions[slot] = Int32(entries.count)
        entries.append(Entry(keyStart: keys.count, keyCount: key.count, index: index, payload: payload, exhibit: exhibit))
        keys.append(contentsOf: key)
        return nil
    }

    /// What was committed for the row `key`, marked as found; nil when no entry logged it, or when it was already
    /// taken (a row met twice).
    mutating func take(key: UnsafeRawBufferPointer) -> (index: UInt64, payload: Digest32, exhibit: Digest32?)? {
        let (slot, found) = slot(for: key, hash: Self.hash(key))
        guard found else { return nil }
        let position = Int(positions[slot])
        guard !entries[position].taken else { return nil }
        entries[position].taken = true
        let entry = entries[position]
        return (entry.index, entry.payload, entry.exhibit)
    }

    /// The rows logged but never taken, with their entries.
    func notTaken() -> [(key: [UInt8], index: UInt64)] {
        entries.filter { !$0.taken }.map { (Array(keys[$0.keyStart..<($0.keyStart + $0.keyCount)]), $0.index) }
    }

    private mutating func grow() {
        let old = entries
        var bigger = CommittedRows(capacity: hashes.count)
        bigger.keys = keys
        bigger.entries = old
        for (position, entry) in old.enumerated() {
            let hash = keys.withUnsafeBytes { Self.hash(UnsafeRawBufferPointer(rebasing: $0[entry.keyStart..<(entry.keyStart + entry.keyCount)])) }
            var slot = Int(truncatingIfNeeded: hash) & bigger.mask
            while bigger.hashes[slot] != 0 { slot = (slot + 1) & bigger.mask }
            bigger.hashes[slot] = hash
            bigger.positions[slot] = Int32(position)
        }
        self = bigger
    }
}
