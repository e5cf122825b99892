import Testing
import Transparency

@Suite("Inclusion proofs")
struct InclusionProofTests {
    static let vectors = TestVectors.shared

    @Test(
        "copied vectors (proofgen): generated proof matches and verifies",
        arguments: vectors.inclusion_proofs_copied.values)
    func copied(vector: TestVectors.InclusionVector) throws {
        try checkVector(vector)
    }

    @Test(
        "derived vectors for every leaf of every tree up to 8 leaves",
        arguments: vectors.inclusion_proofs_all_n_le_8_derived.values)
    func derived(vector: TestVectors.InclusionVector) throws {
        try checkVector(vector)
    }

    @Test("derived vectors cover all 36 (index, size) pairs with size <= 8")
    func derivedCoverage() {
        let pairs = Set(
            Self.vectors.inclusion_proofs_all_n_le_8_derived.values.map { "\($0.leaf_index)/\($0.tree_size)" })
        let all = Set((1...8).flatMap { n in (0..<n).map { "\($0)/\(n)" } })
        #expect(pairs == all)
        #expect(Self.vectors.inclusion_proofs_copied.values.count == 5)
    }

    func checkVector(_ vector: TestVectors.InclusionVector) throws {
        let leafHashes = Self.vectors.leaves.map(MerkleTree.leafHash).prefix(Int(vector.tree_size))
        let leafHash = bytes(hex: vector.leaf_hash)
        let root = bytes(hex: vector.root)
        #expect(leafHashes[Int(vector.leaf_index)] == leafHash)
        #expect(root == Self.vectors.root(size: Int(vector.tree_size)))

        let generated = try InclusionProof.generate(index: vector.leaf_index, leafHashes: leafHashes)
        #expect(generated.size == vector.tree_size)
        #expect(generated.hashes.map(hex) == vector.proof)

        let received = InclusionProof(
            index: vector.leaf_index, size: vector.tree_size, hashes: vector.proof.map(bytes(hex:)))
        try received.verify(leafHash: leafHash, root: root)
        #expect(throws: ProofVerificationError.self) {
            try received.verify(leafHash: leafHash, root: flippingBit(root, 0))
        }
        #expect(throws: ProofVerificationError.self) {
            try received.verify(leafHash: flippingBit(leafHash, 255), root: root)
        }
    }

    /// RFC 9162 inclusion proofs do not bind the tree size: this asserts exactly what the vector section says, that
    /// each listed proof for (leaf, real size) also verifies against the same root when told the claimed size. The
    /// size therefore has to come from the signed checkpoint together with the root (as `TlogProof.verify` does).
    @Test(
        "pitfall: the tree size is not bound by the inclusion proof",
        arguments: vectors.pitfall_tree_size_not_bound_by_proof.values)
    func pitfall(case pitfall: TestVectors.Pitfall) throws {
        let leafHashes = Self.vectors.leaves.map(MerkleTree.leafHash).prefix(Int(pitfall.real_tree_size))
        let root = Self.vectors.root(size: Int(pitfall.real_tree_size))
        let leafHash = leafHashes[Int(pitfall.leaf_index)]
        let proof = try InclusionProof.generate(index: pitfall.leaf_index, leafHashes: leafHashes)
        try proof.verify(leafHash: leafHash, root: root)

        let relabelled = InclusionProof(
            index: pitfall.leaf_index, size: pitfall.claimed_tree_size, hashes: proof.hashes)
        try relabelled.verify(leafHash: leafHash, root: root)
        // The claimed tree really is a different tree with a different root.
        #expect(Self.vectors.root(size: Int(pitfall.claimed_tree_size)) != root)
    }

    @Test("pitfall list is exactly the (leaf, n) pairs, n < 8, whose proof also verifies at size n + 1")
    func pitfallListIsComplete() throws {
        let leafHashes = Self.vectors.leaves.map(MerkleTree.leafHash)
        var found: Set<TestVectors.Pitfall> = []
        for n in 1..<8 {
            let root = Self.vectors.root(size: n)
            for index in 0..<n {
                let proof = try InclusionProof.generate(index: UInt64(index), leafHashes: leafHashes.prefix(n))
                let relabelled = InclusionProof(index: UInt64(index), size: UInt64(n + 1), hashes: proof.hashes)
                if (try? relabelled.verify(leafHash: leafHashes[index], root: root)) != nil {
                    found.insert(
                        .init(leaf_index: UInt64(index), real_tree_size: UInt64(n), claimed_tree_size: UInt64(n + 1)))
                }
            }
        }
        #expect(found == Set(Self.vectors.pitfall_tree_size_not_bound_by_proof.values))
        #expect(found.count == 16)
    }

    @Test(
        "probe files (testdata/inclusion): accept or reject as wantErr says", arguments: vectors.probe_files.inclusion)
    func probe(_ probe: TestVectors.InclusionProbe) {
        let proof = InclusionProof(
            index: probe.leafIdx, size: probe.treeSize, hashes: (probe.proof ?? []).map(bytes(hex:)))
        let accepted = (try? proof.verify(leafHash: bytes(hex: probe.leafHash), root: bytes(hex: probe.root))) != nil
        #expect(accepted == !probe.wantErr, "\(probe.desc)")
    }

    @Test("probe files: all 98 present, the self check found no mismatches")
    func probeInventory() {
        #expect(Self.vectors.probe_files.inclusion.count == 98)
        #expect(Self.vectors.probe_files.inclusion.filter { !$0.wantErr }.count == 6)
        #expect(Self.vectors.probe_files.self_check_mismatches.isEmpty)
    }

    @Test("property: for n in 1...64 every proof verifies, and fails with any flipped bit or wrong index")
    func generatedProofsVerify() throws {
        let allLeafHashes = syntheticLeafHashes(64)
        for n in 1...64 {
            let leafHashes = allLeafHashes.prefix(n)
            let root = referenceRoot(leafHashes)
            for index in 0..<n {
                let proof = try InclusionProof.generate(index: UInt64(index), leafHashes: leafHashes)
                try proof.verify(leafHash: leafHashes[index], root: root)
                for (position, hash) in proof.hashes.enumerated() {
                    var tampered = proof.hashes
                    tampered[position] = flippingBit(hash, (index * 7 + position) % 256)
                    #expect(throws: ProofVerificationError.self) {
                        try InclusionProof(index: UInt64(index), size: UInt64(n), hashes: tampered)
                            .verify(leafHash: leafHashes[index], root: root)
                    }
                }
                if n > 1 {
                    let otherIndex = (index + 1) % n
                    #expect(throws: ProofVerificationError.self) {
                        try InclusionProof(index: UInt64(otherIndex), size: UInt64(n), hashes: proof.hashes)
                            .verify(leafHash: leafHashes[index], root: root)
                    }
                }
            }
        }
    }

    @Test("rejects malformed proofs with a reason")
    func rejectsMalformed() throws {
        let leafHashes = syntheticLeafHashes(5)
        let root = referenceRoot(leafHashes[...])
        let proof = try InclusionProof.generate(index: 2, leafHashes: leafHashes)
        let cases: [(InclusionProof, String)] = [
            (InclusionProof(index: 5, size: 5, hashes: proof.hashes), "not less than tree size"),
            (InclusionProof(index: 2, size: 5, hashes: Array(proof.hashes.dropLast())), "needs 3"),
            (InclusionProof(index: 2, size: 5, hashes: proof.hashes + [root]), "needs 3"),
            (
                InclusionProof(
                    index: 2, size: 5, hashes: [Array(proof.hashes[0].dropLast())] + proof.hashes.dropFirst()),
                "31 bytes"
            ),
        ]
        for (bad, reason) in cases {
            let error = #expect(throws: ProofVerificationError.self) {
                try bad.verify(leafHash: leafHashes[2], root: root)
            }
            #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
        }
        #expect(throws: MerkleTreeError.self) { try InclusionProof.generate(index: 5, leafHashes: leafHashes) }
        #expect(throws: MerkleTreeError.self) { try InclusionProof.generate(index: 0, leafHashes: [[UInt8]]()) }
    }
}

@Suite("Inclusion proofs from stored subtree hashes")
struct SubtreeProofTests {
    static func leaves(_ n: Int) -> [[UInt8]] { (0..<n).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)]) } }

    /// Every complete aligned subtree hash of the leaves.
    static func subtrees(_ leaves: [[UInt8]]) -> [SubtreeID: [UInt8]] {
        var table: [SubtreeID: [UInt8]] = [:]
        var level = leaves
        var l = 0
        while !level.isEmpty {
            for (i, h) in level.enumerated() { table[SubtreeID(level: l, index: UInt64(i))] = h }
            level = stride(from: 0, to: level.count - 1, by: 2).map { MerkleTree.nodeHash(left: level[$0], right: level[$0 + 1]) }
            l += 1
        }
        return table
    }

    @Test func theyEqualProofsFromAllTheLeaves() throws {
        for n in 1...70 {
            let leaves = Self.leaves(n)
            let table = Self.subtrees(leaves)
            let root = try MerkleTree.rootHash(leafHashes: leaves)
            for index in 0..<UInt64(n) {
                let expected = try InclusionProof.generate(index: index, leafHashes: leaves)
                let proof = try SubtreeProofs.inclusionProof(index: index, size: UInt64(n)) { id in
                    guard let hash = table[id] else { throw MerkleTreeError("missing \(id)") }
                    return hash
                }
                #expect(proof == expected)
                try proof.verify(leafHash: leaves[Int(index)], root: root)
                #expect(SubtreeProofs.subtreesNeeded(index: index, size: UInt64(n)).allSatisfy { table[$0] != nil })
            }
        }
    }

    @Test func aWrongStoredHashGivesAProofThatFails() throws {
        let leaves = Self.leaves(37)
        let root = try MerkleTree.rootHash(leafHashes: leaves)
        let needed = SubtreeProofs.subtreesNeeded(index: 20, size: 37)
        #expect(!needed.isEmpty)
        for id in needed {
            var table = Self.subtrees(leaves)
            table[id] = [UInt8](repeating: 7, count: 32)
            let proof = try SubtreeProofs.inclusionProof(index: 20, size: 37) { table[$0]! }
            #expect(throws: (any Error).self) { try proof.verify(leafHash: leaves[20], root: root) }
        }
    }
}
