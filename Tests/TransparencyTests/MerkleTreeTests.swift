import Testing
import Transparency

/// RFC 9162 §2.1.1 MTH written out recursively, as an independent reference for the library's O(n) root.
func referenceRoot(_ leafHashes: ArraySlice<[UInt8]>) -> [UInt8] {
    switch leafHashes.count {
    case 0: return MerkleTree.emptyRootHash
    case 1: return leafHashes.first!
    default:
        var split = 1
        while split * 2 < leafHashes.count { split *= 2 }
        let mid = leafHashes.startIndex + split
        return MerkleTree.nodeHash(left: referenceRoot(leafHashes[..<mid]), right: referenceRoot(leafHashes[mid...]))
    }
}

/// Leaf hashes of `count` distinct synthetic leaves ("leaf 0", "leaf 1", …).
func syntheticLeafHashes(_ count: Int) -> [[UInt8]] {
    (0..<count).map { MerkleTree.leafHash(Array("leaf \($0)".utf8)) }
}

@Suite("Merkle tree hashing and roots")
struct MerkleTreeTests {
    let vectors = TestVectors.shared

    @Test("hasher unit vectors (rfc6962_test.go)")
    func hasherUnitVectors() throws {
        let unitVectors = vectors.hasher_unit_vectors.vectors
        #expect(unitVectors.count == 4)
        for vector in unitVectors {
            let want = bytes(hex: vector.want)
            if let leaf = vector.leaf_hex {
                #expect(MerkleTree.leafHash(bytes(hex: leaf)) == want, "\(vector.desc)")
            } else if let left = vector.left_hex, let right = vector.right_hex {
                #expect(MerkleTree.nodeHash(left: bytes(hex: left), right: bytes(hex: right)) == want, "\(vector.desc)")
            } else {
                #expect(MerkleTree.emptyRootHash == want, "\(vector.desc)")
                #expect(try MerkleTree.rootHash(leafHashes: []) == want)
            }
        }
    }

    @Test("leaf hashes of the vector leaves")
    func leafHashes() {
        let expected = vectors.leaf_hashes_hex.values.map(bytes(hex:))
        #expect(expected.count == 8)
        #expect(vectors.leaves.map(MerkleTree.leafHash) == expected)
    }

    @Test("roots for tree sizes 0 through 8")
    func rootsBySize() throws {
        #expect(vectors.roots_by_tree_size.count == 9)
        let leafHashes = vectors.leaves.map(MerkleTree.leafHash)
        for size in 0...8 {
            #expect(
                try MerkleTree.rootHash(leafHashes: leafHashes.prefix(size)) == vectors.root(size: size), "size \(size)"
            )
        }
    }

    @Test("perfect subtree hashes at every level")
    func nodeHashesByLevel() throws {
        let levels = vectors.node_hashes_by_level.values
        #expect(levels.map(\.count) == [8, 4, 2, 1])
        let leafHashes = vectors.leaves.map(MerkleTree.leafHash)
        for (level, hashes) in levels.enumerated() {
            let width = 1 << level
            for (j, expected) in hashes.enumerated() {
                let subtree = leafHashes[(j * width)..<((j + 1) * width)]
                #expect(
                    try MerkleTree.rootHash(leafHashes: subtree) == bytes(hex: expected), "level \(level) index \(j)")
            }
        }
    }

    @Test("O(n) root equals the recursive RFC definition for sizes 0 through 200")
    func rootMatchesReference() throws {
        let leafHashes = syntheticLeafHashes(200)
        for size in 0...200 {
            #expect(
                try MerkleTree.rootHash(leafHashes: leafHashes.prefix(size)) == referenceRoot(leafHashes.prefix(size)))
        }
    }

    @Test("frontier: append, store, restore and continue")
    func frontierRestore() throws {
        let leafHashes = syntheticLeafHashes(100)
        var frontier = MerkleTreeFrontier()
        #expect(frontier.rootHash == MerkleTree.emptyRootHash)
        for (i, leafHash) in leafHashes.enumerated() {
            try frontier.append(leafHash: leafHash)
            #expect(frontier.size == UInt64(i + 1))
            #expect(frontier.subtreeRoots.count == (i + 1).nonzeroBitCount)
            #expect(frontier.rootHash == referenceRoot(leafHashes.prefix(i + 1)))
            if i == 40 {
                // A restored copy continues to the same state as the original.
                var restored = try MerkleTreeFrontier(size: frontier.size, subtreeRoots: frontier.subtreeRoots)
                for next in leafHashes[(i + 1)...] { try restored.append(leafHash: next) }
                #expect(restored.rootHash == referenceRoot(leafHashes[...]))
            }
        }
    }

    @Test("frontier: leaves hashed in place give the frontier of their leaf hashes")
    func frontierOfLeafBytes() throws {
        var byHash = MerkleTreeFrontier(), byBytes = MerkleTreeFrontier()
        for i in 0..<300 {
            let leaf = [UInt8]((0..<(i % 90)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) })
            try byHash.append(leafHash: MerkleTree.leafHash(leaf))
            try leaf.withUnsafeBytes { try byBytes.append(leaf: $0) }
            #expect(byBytes == byHash)
            #expect(byBytes.subtreeRootBytes == byHash.subtreeRoots.flatMap { $0 })
            #expect(byBytes.rootHash == byHash.rootHash)
        }
        let restored = try MerkleTreeFrontier(size: byBytes.size, subtreeRoots: byBytes.subtreeRoots)
        #expect(restored == byBytes)
    }

    @Test("frontier and root reject malformed input")
    func frontierRejects() {
        var frontier = MerkleTreeFrontier()
        #expect(throws: MerkleTreeError.self) { try frontier.append(leafHash: [UInt8](repeating: 0, count: 31)) }
        #expect(frontier.size == 0)
        #expect(throws: MerkleTreeError.self) {
            try MerkleTreeFrontier(size: 3, subtreeRoots: [MerkleTree.emptyRootHash])
        }
        #expect(throws: MerkleTreeError.self) {
            try MerkleTreeFrontier(size: 1, subtreeRoots: [[1, 2, 3]])
        }
        #expect(throws: MerkleTreeError.self) {
            try MerkleTree.rootHash(leafHashes: [MerkleTree.emptyRootHash, [0x00]])
        }
    }

    @Test("a large tree: root, inclusion and consistency proofs for 100,000 leaves")
    func largeTree() throws {
        let leafHashes = syntheticLeafHashes(100_000)
        let root = try MerkleTree.rootHash(leafHashes: leafHashes)
        #expect(root == referenceRoot(leafHashes[...]))
        let inclusion = try InclusionProof.generate(index: 77_777, leafHashes: leafHashes)
        #expect(inclusion.hashes.count == 17)
        try inclusion.verify(leafHash: leafHashes[77_777], root: root)
        let consistency = try ConsistencyProof.generate(oldSize: 65_537, leafHashes: leafHashes)
        try consistency.verify(oldRoot: MerkleTree.rootHash(leafHashes: leafHashes.prefix(65_537)), newRoot: root)
    }
}
