import Crypto
import Foundation
import Testing
import Transparency

/// The system libcrypto's SHA-256 behind the log's hot loops against swift-crypto's, which everything else uses.
@Suite("SHA-256 of bytes in place")
struct SHA256BytesTests {
    /// Deterministic bytes of every length from 0 to 300 (every padding case of a 64-byte block, several blocks).
    func bytes(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D &+ UInt64(count)
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    func digest(_ body: (UnsafeMutableRawPointer) -> Void) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { body($0.baseAddress!) }
        return out
    }

    @Test("hash and prefixed hash equal swift-crypto's for lengths 0 through 300")
    func sameDigests() {
        for count in 0...300 {
            let data = bytes(count)
            let plain = data.withUnsafeBytes { buffer in digest { SHA256Bytes.hash(buffer, into: $0) } }
            #expect(plain == Array(SHA256.hash(data: data)), "length \(count)")
            for prefix: UInt8 in [0x00, 0x01, 0xFF] {
                let prefixed = data.withUnsafeBytes { buffer in digest { SHA256Bytes.hash(prefix: prefix, buffer, into: $0) } }
                #expect(prefixed == Array(SHA256.hash(data: [prefix] + data)), "prefix \(prefix), length \(count)")
            }
        }
    }

    @Test("a known answer: SHA-256 of \"abc\" (FIPS 180-2)")
    func knownAnswer() {
        let abc = Array("abc".utf8).withUnsafeBytes { buffer in digest { SHA256Bytes.hash(buffer, into: $0) } }
        #expect(abc.map { String(format: "%02x", $0) }.joined() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("node hash equals the tree's nodeHash, also when written over either side")
    func nodeHashes() {
        for i in 0..<50 {
            let left = Array(bytes(32 + i).prefix(32)), right = Array(bytes(64 + i).suffix(32))
            let expected = MerkleTree.nodeHash(left: left, right: right)
            let separate = left.withUnsafeBytes { l in right.withUnsafeBytes { r in digest { SHA256Bytes.node(left: l.baseAddress!, right: r.baseAddress!, into: $0) } } }
            #expect(separate == expected)
            var overLeft = left
            overLeft.withUnsafeMutableBytes { l in right.withUnsafeBytes { r in SHA256Bytes.node(left: l.baseAddress!, right: r.baseAddress!, into: l.baseAddress!) } }
            #expect(overLeft == expected)
            var overRight = right
            left.withUnsafeBytes { l in overRight.withUnsafeMutableBytes { r in SHA256Bytes.node(left: l.baseAddress!, right: r.baseAddress!, into: r.baseAddress!) } }
            #expect(overRight == expected)
        }
    }
}
