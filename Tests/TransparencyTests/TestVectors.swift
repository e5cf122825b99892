import Foundation

/// The decoded contents of Vectors/transparency-log-vectors.json (RFC 6962/9162 Merkle vectors from
/// transparency-dev/merkle and C2SP signed-note vectors). Hashes stay as lowercase hex strings, as in the file.
struct TestVectors: Decodable, Sendable {
    struct ValueList<Value: Decodable & Sendable>: Decodable, Sendable {
        let values: [Value]
    }

    struct HasherUnitVectors: Decodable, Sendable {
        struct Vector: Decodable, Sendable {
            let desc: String
            let leaf_hex: String?
            let left_hex: String?
            let right_hex: String?
            let want: String
        }
        let vectors: [Vector]
    }

    struct InclusionVector: Decodable, Sendable, CustomStringConvertible {
        let leaf_index: UInt64
        let tree_size: UInt64
        let leaf_hash: String
        let root: String
        let proof: [String]
        var description: String { "leaf \(leaf_index) of \(tree_size)" }
    }

    struct ConsistencyVector: Decodable, Sendable, CustomStringConvertible {
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]
        var description: String { "\(size1) -> \(size2)" }
    }

    struct Pitfall: Decodable, Sendable, Hashable, CustomStringConvertible {
        let leaf_index: UInt64
        let real_tree_size: UInt64
        let claimed_tree_size: UInt64
        var description: String { "leaf \(leaf_index) of \(real_tree_size) claimed as \(claimed_tree_size)" }
    }

    struct InclusionProbe: Decodable, Sendable, CustomStringConvertible {
        let source_path: String
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String
        let leafHash: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
        var description: String { source_path }
    }

    struct ConsistencyProbe: Decodable, Sendable, CustomStringConvertible {
        let source_path: String
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
        var description: String { source_path }
    }

    struct ProbeFiles: Decodable, Sendable {
        let self_check_mismatches: [String]
        let inclusion: [InclusionProbe]
        let consistency: [ConsistencyProbe]
    }

    struct SignedNoteVectors: Decodable, Sendable {
        struct C2SPExample: Decodable, Sendable {
            let vkey: String
            let note: String
            let signed_text: String
        }
        struct TestKey: Decodable, Sendable {
            let ed25519_seed_hex: String
            let public_key_hex: String
            let key_name: String
            let key_id_hex: String
            let vkey: String
        }
        struct CheckpointVector: Decodable, Sendable {
            let body: String
            let signed_note: String
        }
        struct ConsistencyVector: Decodable, Sendable {
            let proof_hex: [String]
        }
        struct TlogProofVector: Decodable, Sendable {
            let leaf_input_hex: String
            let text: String
        }
        struct NegativeNote: Decodable, Sendable, CustomStringConvertible {
            let desc: String
            let note: String
            let expect: String
            var description: String { desc }
        }
        let c2sp_example: C2SPExample
        let ledger_test_key: TestKey
        let checkpoint_size_7: CheckpointVector
        let checkpoint_size_8: CheckpointVector
        let consistency_7_to_8: ConsistencyVector
        let tlog_proof_index_5_size_8: TlogProofVector
        let negative_notes: [NegativeNote]
    }

    let hasher_unit_vectors: HasherUnitVectors
    let leaf_inputs_hex: ValueList<String>
    let leaf_hashes_hex: ValueList<String>
    let node_hashes_by_level: ValueList<[String]>
    let roots_by_tree_size: [String: String]
    let inclusion_proofs_copied: ValueList<InclusionVector>
    let consistency_proofs_copied: ValueList<ConsistencyVector>
    let inclusion_proofs_all_n_le_8_derived: ValueList<InclusionVector>
    let consistency_proofs_all_n_le_8_derived: ValueList<ConsistencyVector>
    let pitfall_tree_size_not_bound_by_proof: ValueList<Pitfall>
    let probe_files: ProbeFiles
    let signed_note_vectors: SignedNoteVectors

    enum CodingKeys: String, CodingKey {
        case hasher_unit_vectors, leaf_inputs_hex, leaf_hashes_hex, node_hashes_by_level, roots_by_tree_size,
            inclusion_proofs_copied, consistency_proofs_copied, inclusion_proofs_all_n_le_8_derived,
            consistency_proofs_all_n_le_8_derived, pitfall_tree_size_not_bound_by_proof, probe_files,
            signed_note_vectors
    }

    enum RootsKeys: String, CodingKey { case values }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hasher_unit_vectors = try c.decode(HasherUnitVectors.self, forKey: .hasher_unit_vectors)
        leaf_inputs_hex = try c.decode(ValueList<String>.self, forKey: .leaf_inputs_hex)
        leaf_hashes_hex = try c.decode(ValueList<String>.self, forKey: .leaf_hashes_hex)
        node_hashes_by_level = try c.decode(ValueList<[String]>.self, forKey: .node_hashes_by_level)
        roots_by_tree_size = try c.nestedContainer(keyedBy: RootsKeys.self, forKey: .roots_by_tree_size)
            .decode([String: String].self, forKey: .values)
        inclusion_proofs_copied = try c.decode(ValueList.self, forKey: .inclusion_proofs_copied)
        consistency_proofs_copied = try c.decode(ValueList.self, forKey: .consistency_proofs_copied)
        inclusion_proofs_all_n_le_8_derived = try c.decode(ValueList.self, forKey: .inclusion_proofs_all_n_le_8_derived)
        consistency_proofs_all_n_le_8_derived = try c.decode(
            ValueList.self, forKey: .consistency_proofs_all_n_le_8_derived)
        pitfall_tree_size_not_bound_by_proof = try c.decode(
            ValueList.self, forKey: .pitfall_tree_size_not_bound_by_proof)
        probe_files = try c.decode(ProbeFiles.self, forKey: .probe_files)
        signed_note_vectors = try c.decode(SignedNoteVectors.self, forKey: .signed_note_vectors)
    }

    /// The vectors, decoded once from the test bundle. A missing or undecodable file stops the run loudly.
    static let shared: TestVectors = {
        do {
            guard
                let url = Bundle.module.url(
                    forResource: "transparency-log-vectors", withExtension: "json", subdirectory: "Vectors")
            else {
                fatalError("Vectors/transparency-log-vectors.json is missing from the test bundle")
            }
            return try JSONDecoder().decode(TestVectors.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot decode transparency-log-vectors.json: \(error)")
        }
    }()

    /// The leaf inputs of the vector tree, as bytes.
    var leaves: [[UInt8]] { leaf_inputs_hex.values.map(bytes(hex:)) }

    /// The root of the vector tree of `size` leaves.
    func root(size: Int) -> [UInt8] { bytes(hex: roots_by_tree_size[String(size)]!) }
}

/// Decodes lowercase or uppercase hex; traps on malformed input (test data is trusted to be hex).
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    precondition(digits.count % 2 == 0, "odd-length hex: \(hex)")
    return stride(from: 0, to: digits.count, by: 2).map { i in
        UInt8(String(decoding: digits[i..<(i + 2)], as: UTF8.self), radix: 16)!
    }
}

/// Lowercase hex of `bytes`.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// A copy of `bytes` with bit `bit` (0 = lowest bit of byte 0) flipped.
func flippingBit(_ bytes: [UInt8], _ bit: Int) -> [UInt8] {
    var copy = bytes
    copy[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
    return copy
}

/// Whether this platform's Ed25519 signing is deterministic RFC 8032 (swift-crypto's BoringSSL backend), so that
/// signatures can be compared byte for byte. CryptoKit on Apple platforms randomizes Ed25519 signatures.
#if canImport(CryptoKit)
    let ed25519SigningIsDeterministic = false
#else
    let ed25519SigningIsDeterministic = true
#endif
