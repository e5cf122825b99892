import Foundation
import LedgerTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `serve`'s own failures, before any page is served.
@Suite("serve command")
struct ServeCLITests {
    @Test func aMalformedListenAddressIsAUsageError() throws {
        for bad in ["127.0.0.1:http", "127.0.0.1:70000", "[::1"] {
            let outcome = try CommandRunner.run(["serve", "--listen", bad])
            #expect(outcome.status == 64, "\(bad)")
            #expect(outcome.stderr.contains("--listen"), "\(bad)")
        }
    }

    @Test func anAddressInUseIsUnavailable() throws {
        let conninfo = try TestCluster.shared.makeMigratedDatabase()
        // A socket of this test holds the port.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let outcome = try CommandRunner.run(["serve", "--listen", "127.0.0.1:\(port)", "--database", conninfo])
        #expect(outcome.status == 69)
        #expect(outcome.stderr.contains("the address is in use"))
    }

    @Test func aMalformedVerifierKeyOrUploadLimitIsAUsageErrorAndAMissingSpecFolderIsNoInput() throws {
        let vkey = try CommandRunner.run(["serve", "--vkey", "not a key"])
        #expect(vkey.status == 64)
        #expect(vkey.stderr.contains("--vkey"))
        let upload = try CommandRunner.run(["serve", "--max-upload", "0"])
        #expect(upload.status == 64)
        #expect(upload.stderr.contains("--max-upload"))
        let conninfo = try TestCluster.shared.makeMigratedDatabase()
        let specs = try CommandRunner.run(["serve", "--dossier-specs", "/nonexistent/specs", "--database", conninfo])
        #expect(specs.status == 66)
        #expect(specs.stderr.contains("--dossier-specs"))
    }
}
