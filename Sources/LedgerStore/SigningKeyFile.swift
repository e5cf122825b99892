import Foundation
import Transparency
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checkpoint signing key, kept in a file outside the database (mode 0600) in the C2SP/Go note signer key
/// form: `PRIVATE+KEY+<name>+<key id, 8 hex>+<base64(0x01 || 32-byte Ed25519 seed)>`.
public enum SigningKeyFile {
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Makes a new key named `name`, writes it to `path` (which must not exist) with mode 0600, and returns the
    /// signer.
    public static func generate(name: String, path: String) throws -> NoteSigner {
        var seed = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in seed.indices { seed[i] = generator.next() }
        let signer = try NoteSigner(name: name, seed: seed)
        let text = "PRIVATE+KEY+\(name)+\(String(format: "%08x", signer.verifier.keyID))+\(Data([1] + seed).base64EncodedString())\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Problem(description: "cannot create \(path): \(String(cString: strerror(errno)))\(errno == EEXIST ? " (a key file is never overwritten)" : "")")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fchmod(fd, 0o600) == 0 else {
            throw Problem(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return signer
    }

    /// Reads a key file, refusing one that others can read.
    public static func load(path: String) throws -> NoteSigner {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Problem(description: "cannot read the key file \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & 0o077 == 0 else {
            throw Problem(description: "\(path) can be read by others (mode \(String(info.st_mode & 0o777, radix: 8))): a signing key must be mode 0600 (chmod 600 \(path))")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Problem(description: "cannot read the key file \(path)") }
        // PRIVATE+KEY+name+keyid+base64: names never contain "+", but standard base64 may.
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY", let keyBytes = Data(base64Encoded: parts[4]),
              keyBytes.count == 33, keyBytes.first == 1 else {
            throw Problem(description: "\(path) is not a signing key (PRIVATE+KEY+name+keyid+base64 key)")
        }
        let signer = try NoteSigner(name: parts[2], seed: Array(keyBytes.dropFirst()))
        guard String(format: "%08x", signer.verifier.keyID) == parts[3] else {
            throw Problem(description: "\(path): the key id \(parts[3]) does not match the key")
        }
        return signer
    }
}
