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
        var keyCount: Int32
        var taken = false
        var index: UInt64
        var payload: Digest32
    }

    /// A slot of the table: the key's hash with its top bit set (0 = empty), and the position in `entries`; one
    /// array of both, so that a probe touches one place.
    private struct Slot {
        var hash: UInt64
        var position: Int
    }

    private var keys: [UInt8] = []
    private var entries: [Entry] = []
    /// Exhibit digests, by position in `entries`: few rows have one (exhibit contents).
    private var exhibits: [Int: Digest32] = [:]
    private var slots: [Slot]
    private var mask: Int

    init(capacity: Int) {
        var count = 16
        while count < capacity * 2 { count <<= 1 }
        slots = [Slot](repeating: Slot(hash: 0, position: 0), count: count)
        mask = count - 1
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
            let stored = slots[slot]
            if stored.hash == 0 { return (slot, false) }
            if stored.hash == hash {
                let entry = entries[stored.position]
                let equal = Int(entry.keyCount) == key.count && keys.withUnsafeBytes {
                    $0[entry.keyStart..<(entry.keyStart + key.count)].elementsEqual(key)
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
            let position = slots[slot].position
            let earlier = entries[position].index
            entries[position].index = index
            entries[position].payload = payload
            exhibits[position] = exhibit
            return earlier
        }
        if entries.count * 2 >= slots.count {
            grow()
            return commit(key: key, index: index, payload: payload, exhibit: exhibit)
        }
        slots[slot] = Slot(hash: hash, position: entries.count)
        if let exhibit { exhibits[entries.count] = exhibit }
        entries.append(Entry(keyStart: keys.count, keyCount: Int32(key.count), index: index, payload: payload))
        keys.append(contentsOf: key)
        return nil
    }

    /// What was committed for the row `key`, marked as found; nil when no entry logged it, or when it was already
    /// taken (a row met twice).
    mutating func take(key: UnsafeRawBufferPointer) -> (index: UInt64, payload: Digest32, exhibit: Digest32?)? {
        let (slot, found) = slot(for: key, hash: Self.hash(key))
        guard found else { return nil }
        let position = slots[slot].position
        guard !entries[position].taken else { return nil }
        entries[position].taken = true
        let entry = entries[position]
        return (entry.index, entry.payload, exhibits.isEmpty ? nil : exhibits[position])
    }

    /// The rows logged but never taken, with their entries.
    func notTaken() -> [(key: [UInt8], index: UInt64)] {
        entries.filter { !$0.taken }.map { (Array(keys[$0.keyStart..<($0.keyStart + Int($0.keyCount))]), $0.index) }
    }

    private mutating func grow() {
        var bigger = CommittedRows(capacity: slots.count)
        bigger.keys = keys
        bigger.entries = entries
        bigger.exhibits = exhibits
        for (position, entry) in entries.enumerated() {
            let hash = keys.withUnsafeBytes { Self.hash(UnsafeRawBufferPointer(rebasing: $0[entry.keyStart..<(entry.keyStart + Int(entry.keyCount))])) }
            var slot = Int(truncatingIfNeeded: hash) & bigger.mask
            while bigger.slots[slot].hash != 0 { slot = (slot + 1) & bigger.mask }
            bigger.slots[slot] = Slot(hash: hash, position: position)
        }
        self = bigger
    }
}
