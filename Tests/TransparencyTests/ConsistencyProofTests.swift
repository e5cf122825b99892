import Testing
import Transparency

@Suite("Consistency proofs")
struct ConsistencyProofTests {
    static let vectors = TestVectors.shared

    @Test(
        "copied vectors (proofgen): generated proof matches and verifies",
        arguments: vectors.consistency_proofs_copied.values)
    func copied(vector: TestVectors.ConsistencyVector) throws {
        try checkVector(vector)
    }

    @Test(
        "derived vectors for every 1 <= m <= n <= 8",
        arguments: vectors.consistency_proofs_all_n_le_8_derived.values)
    func derived(vector: TestVectors.ConsistencyVector) throws {
        try checkVector(vector)
    }

    @Test("derived vectors cover all 36 pairs; copied has 5")
    func coverage() {
        let pairs = Set(Self.vectors.consistency_proofs_all_n_le_8_derived.values.map { "\($0.size1)/\($0.size2)" })
        #expect(pairs == Set((1...8).flatMap { n in (1...n).map { "\($0)/\(n)" } }))
        #expect(Self.vectors.consistency_proofs_copied.values.count == 5)
    }

    func checkVector(_ vector: TestVectors.ConsistencyVector) throws {
        let leafHashes = Self.vectors.leaves.map(MerkleTree.leafHash).prefix(Int(vector.size2))
        let oldRoot = bytes(hex: vector.root1)
        let newRoot = bytes(hex: vector.root2)
        #expect(oldRoot == Self.vectors.root(size: Int(vector.size1)))
        #expect(newRoot == Self.vectors.root(size: Int(vector.size2)))

        let generated = try ConsistencyProof.generate(oldSize: vector.size1, leafHashes: leafHashes)
        #expect(generated.newSize == vector.size2)
        #expect(generated.hashes.map(hex) == vector.proof)

        let received = ConsistencyProof(
            oldSize: vector.size1, newSize: vector.size2, hashes: vector.proof.map(bytes(hex:)))
        try received.verify(oldRoot: oldRoot, newRoot: newRoot)
        #expect(throws: ProofVerificationError.self) {
            try received.verify(oldRoot: flippingBit(oldRoot, 3), newRoot: newRoot)
        }
        #expect(throws: ProofVerificationError.self) {
            try received.verify(oldRoot: oldRoot, newRoot: flippingBit(newRoot, 3))
        }
    }

    @Test(
        "probe files (testdata/consistency): accept or reject as wantErr says",
        arguments: vectors.probe_files.consistency)
    func probe(_ probe: TestVectors.ConsistencyProbe) {
        let proof = ConsistencyProof(
            oldSize: probe.size1, newSize: probe.size2, hashes: (probe.proof ?? []).map(bytes(hex:)))
        let accepted = (try? proof.verify(oldRoot: bytes(hex: probe.root1), newRoot: bytes(hex: probe.root2))) != nil
        #expect(accepted == !probe.wantErr, "\(probe.desc)")
    }

    @Test("probe files: all 98 present")
    func probeInventory() {
        #expect(Self.vectors.probe_files.consistency.count == 98)
        #expect(Self.vectors.probe_files.consistency.filter { !$0.wantErr }.count == 6)
    }

    @Test("edge cases: old size 0, equal sizes, old larger than new, empty proof")
    func edgeCases() throws {
        let leafHashes = syntheticLeafHashes(5)
        let root5 = referenceRoot(leafHashes[...])
        let root3 = referenceRoot(leafHashes.prefix(3))
        // Equal sizes: empty proof and identical roots.
        try ConsistencyProof(oldSize: 5, newSize: 5, hashes: []).verify(oldRoot: root5, newRoot: root5)
        #expect(try ConsistencyProof.generate(oldSize: 5, leafHashes: leafHashes).hashes.isEmpty)
        #expect(throws: ProofVerificationError.self) {
            try ConsistencyProof(oldSize: 5, newSize: 5, hashes: [root5]).verify(oldRoot: root5, newRoot: root5)
        }
        // Old size 0 proves nothing and is rejected, even with matching empty roots.
        for hashes in [[], [root5]] {
            #expect(throws: ProofVerificationError.self) {
                try ConsistencyProof(oldSize: 0, newSize: 5, hashes: hashes)
                    .verify(oldRoot: MerkleTree.emptyRootHash, newRoot: root5)
            }
        }
        #expect(throws: ProofVerificationError.self) {
            try ConsistencyProof(oldSize: 0, newSize: 0, hashes: [])
                .verify(oldRoot: MerkleTree.emptyRootHash, newRoot: MerkleTree.emptyRootHash)
        }
        #expect(throws: MerkleTreeError.self) { try ConsistencyProof.generate(oldSize: 0, leafHashes: leafHashes) }
        #expect(throws: MerkleTreeError.self) { try ConsistencyProof.generate(oldSize: 6, leafHashes: leafHashes) }
        // Old larger than new; empty proof for different sizes.
        #expect(throws: ProofVerificationError.self) {
            try ConsistencyProof(oldSize: 5, newSize: 3, hashes: []).verify(oldRoot: root5, newRoot: root3)
        }
        let error = #expect(throws: ProofVerificationError.self) {
            try ConsistencyProof(oldSize: 3, newSize: 5, hashes: []).verify(oldRoot: root3, newRoot: root5)
        }
        #expect(error?.message.contains("empty") == true)
    }

    @Test("property: for n in 1...48 every proof m <= n verifies and fails with any flipped bit or a wrong size")
    func generatedProofsVerify() throws {
        let allLeafHashes = syntheticLeafHashes(48)
        let roots = (0...48).map { referenceRoot(allLeafHashes.prefix($0)) }
        for n in 1...48 {
            let leafHashes = allLeafHashes.prefix(n)
            for m in 1...n {
                let proof = try ConsistencyProof.generate(oldSize: UInt64(m), leafHashes: leafHashes)
                try proof.verify(oldRoot: roots[m], newRoot: roots[n])
                for (position, hash) in proof.hashes.enumerated() {
                    var tampered = proof.hashes
                    tampered[position] = flippingBit(hash, (m * 5 + position) % 256)
                    #expect(throws: ProofVerificationError.self) {
                        try ConsistencyProof(oldSize: UInt64(m), newSize: UInt64(n), hashes: tampered)
                            .verify(oldRoot: roots[m], newRoot: roots[n])
                    }
                }
                if m < n {
                    // The same hashes do not prove consistency of a different old tree.
                    let other = m == 1 ? 2 : m - 1
                    if other < n {
                        #expect(throws: ProofVerificationError.self) {
                            try ConsistencyProof(oldSize: UInt64(other), newSize: UInt64(n), hashes: proof.hashes)
                                .verify(oldRoot: roots[other], newRoot: roots[n])
                        }
                    }
                }
            }
        }
    }
}
