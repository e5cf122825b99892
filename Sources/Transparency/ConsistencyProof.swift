/// An RFC 9162 consistency proof: the hashes showing that the tree of `oldSize` leaves is a prefix of the tree of
/// `newSize` leaves.
///
/// Conventions for the edge cases (they match the transparency-dev/merkle probe vectors):
/// - `oldSize == newSize`: the proof must be empty and the two roots identical.
/// - `oldSize == 0`: rejected. Every tree extends the empty tree, so such a proof proves nothing; a client whose
///   last verified size is 0 has nothing to check and should simply verify the new checkpoint's signature.
/// - `oldSize > newSize`: rejected.
public struct ConsistencyProof: Sendable, Equatable {
    /// The size of the earlier tree.
    public let oldSize: UInt64
    /// The size of the later tree.
    public let newSize: UInt64
    /// The proof hashes in RFC 6962 PROOF(m, D[n]) order.
    public let hashes: [[UInt8]]

    /// Wraps a proof received from elsewhere; nothing is checked until ``verify(oldRoot:newRoot:)``.
    public init(oldSize: UInt64, newSize: UInt64, hashes: [[UInt8]]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes
    }

    /// Generates the proof that the first `oldSize` leaves form a prefix of the tree made of exactly `leafHashes`.
    ///
    /// Follows RFC 6962 PROOF(m, D[n]); `oldSize == leafHashes.count` gives the empty proof. O(n) hashing.
    /// Throws if `oldSize` is 0 or larger than the tree, or a leaf hash is not 32 bytes.
    public static func generate(
        oldSize: UInt64, leafHashes: some RandomAccessCollection<[UInt8]>
    ) throws -> ConsistencyProof {
        let leaves = Array(leafHashes)
        try MerkleTree.checkHashLengths(leaves, what: "leaf hash")
        let newSize = UInt64(leaves.count)
        guard oldSize > 0 else {
            throw MerkleTreeError("a consistency proof from the empty tree proves nothing and is not generated")
        }
        guard oldSize <= newSize else {
            throw MerkleTreeError("old size \(oldSize) is larger than the tree (\(newSize) leaves)")
        }
        // SUBPROOF(m, D[low..<high], startsAtOldRoot), unrolled; hashes are collected root side first.
        var low = 0
        var high = leaves.count
        var m = Int(oldSize)
        var startsAtOldRoot = true
        var rootSideFirst: [[UInt8]] = []
        while m != high - low {
            let split = Int(MerkleTree.splitPoint(UInt64(high - low)))
            if m <= split {
                rootSideFirst.append(MerkleTree.subtreeRoot(leaves, (low + split)..<high))
                high = low + split
            } else {
                rootSideFirst.append(MerkleTree.subtreeRoot(leaves, low..<(low + split)))
                low += split
                m -= split
                startsAtOldRoot = false
            }
        }
        if !startsAtOldRoot {
            rootSideFirst.append(MerkleTree.subtreeRoot(leaves, low..<high))
        }
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: rootSideFirst.reversed())
    }

    /// Verifies that the tree of ``oldSize`` leaves with root `oldRoot` is a prefix of the tree of ``newSize``
    /// leaves with root `newRoot`.
    ///
    /// For `0 < oldSize < newSize` this is RFC 9162 §2.1.4.2 step by step, preceded by checks that every hash is
    /// 32 bytes and that the proof has the length PROOF(m, D[n]) has, for precise messages. The other cases follow
    /// the conventions in the type's documentation. Throws ``ProofVerificationError``.
    public func verify(oldRoot: [UInt8], newRoot: [UInt8]) throws {
        guard oldSize <= newSize else {
            throw ProofVerificationError("old size \(oldSize) is larger than new size \(newSize)")
        }
        guard oldSize > 0 else {
            throw ProofVerificationError(
                "a consistency proof from the empty tree proves nothing; every tree extends the empty tree")
        }
        if oldSize == newSize {
            guard hashes.isEmpty else {
                throw ProofVerificationError("sizes are equal but the proof is not empty")
            }
            guard oldRoot == newRoot else {
                throw ProofVerificationError("sizes are equal but the roots differ")
            }
            return
        }
        // RFC 9162 §2.1.4.2 step 1.
        guard !hashes.isEmpty else {
            throw ProofVerificationError("the proof is empty but the sizes differ")
        }
        for (name, root) in [("old root", oldRoot), ("new root", newRoot)] where root.count != MerkleTree.hashSize {
            throw ProofVerificationError("\(name) is \(root.count) bytes, expected \(MerkleTree.hashSize)")
        }
        for (i, hash) in hashes.enumerated() where hash.count != MerkleTree.hashSize {
            throw ProofVerificationError("proof hash \(i) is \(hash.count) bytes, expected \(MerkleTree.hashSize)")
        }
        let expected = Self.proofLength(oldSize: oldSize, newSize: newSize)
        guard hashes.count == expected else {
            throw ProofVerificationError(
                "proof has \(hashes.count) hashes; sizes \(oldSize) to \(newSize) need \(expected)")
        }

        // Step 2: if the old size is an exact power of two, the old root is the first node of the path.
        var path = hashes
        if oldSize & (oldSize - 1) == 0 {
            path.insert(oldRoot, at: 0)
        }
        // Steps 3 and 4.
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Steps 5 and 6.
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else {
                throw ProofVerificationError("proof is longer than the path to the new root")
            }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleTree.nodeHash(left: c, right: fr)
                sr = MerkleTree.nodeHash(left: c, right: sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleTree.nodeHash(left: sr, right: c)
            }
            fn >>= 1
            sn >>= 1
        }
        // Step 7.
        guard sn == 0 else {
            throw ProofVerificationError("proof is shorter than the path to the new root")
        }
        guard fr == oldRoot else {
            throw ProofVerificationError("the old root computed from the proof does not match the old root")
        }
        guard sr == newRoot else {
            throw ProofVerificationError("the new root computed from the proof does not match the new root")
        }
    }

    /// The number of hashes in PROOF(m, D[n]) for `0 < oldSize < newSize`.
    static func proofLength(oldSize: UInt64, newSize: UInt64) -> Int {
        var m = oldSize
        var n = newSize
        var startsAtOldRoot = true
        var length = 0
        while m != n {
            let split = MerkleTree.splitPoint(n)
            if m <= split {
                n = split
            } else {
                m -= split
                n -= split
                startsAtOldRoot = false
            }
            length += 1
        }
        return startsAtOldRoot ? length : length + 1
    }
}
