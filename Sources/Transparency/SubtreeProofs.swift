/// A complete, aligned subtree of a log: the leaves `index << level` up to `(index + 1) << level`, exclusive.
public struct SubtreeID: Hashable, Sendable {
    public let level: Int
    public let index: UInt64

    public init(level: Int, index: UInt64) {
        self.level = level
        self.index = index
    }
}

/// Proofs built from stored hashes of complete aligned subtrees instead of every leaf: O(log² n) subtree hashes for
/// a log of n leaves. The hashes come from storage the prover may not trust, so callers verify the result.
public enum SubtreeProofs {
    /// The RFC 9162 inclusion proof for leaf `index` in the tree of `size` leaves, from subtree hashes.
    public static func inclusionProof(index: UInt64, size: UInt64, subtree: (SubtreeID) throws -> [UInt8]) throws -> InclusionProof {
        guard index < size else { throw MerkleTreeError("leaf index \(index) is outside a tree of size \(size)") }
        var low: UInt64 = 0, high = size, position = index
        var rootSideFirst: [[UInt8]] = []
        while high - low > 1 {
            let split = MerkleTree.splitPoint(high - low)
            if position < split {
                rootSideFirst.append(try rangeHash(low + split, high, subtree))
                high = low + split
            } else {
                rootSideFirst.append(try rangeHash(low, low + split, subtree))
                low += split
                position -= split
            }
        }
        return InclusionProof(index: index, size: size, hashes: rootSideFirst.reversed())
    }

    /// The subtrees ``inclusionProof(index:size:subtree:)`` will ask for, to fetch them in one go.
    public static func subtreesNeeded(index: UInt64, size: UInt64) -> Set<SubtreeID> {
        var needed: Set<SubtreeID> = []
        _ = try? inclusionProof(index: index, size: size) { id in
            needed.insert(id)
            return [UInt8](repeating: 0, count: MerkleTree.hashSize)
        }
        return needed
    }

    /// The root of leaves [low, high), where `low` is aligned to the largest power of two not above high - low
    /// (as every range of a proof is): complete aligned parts come from `subtree`, the rest is hashed per RFC 9162.
    static func rangeHash(_ low: UInt64, _ high: UInt64, _ subtree: (SubtreeID) throws -> [UInt8]) throws -> [UInt8] {
        let count = high - low
        if count & (count - 1) == 0, low % count == 0 {
            return try subtree(SubtreeID(level: count.trailingZeroBitCount, index: low / count))
        }
        let split = MerkleTree.splitPoint(count)
        return MerkleTree.nodeHash(left: try rangeHash(low, low + split, subtree), right: try rangeHash(low + split, high, subtree))
    }
}
