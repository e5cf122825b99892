import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program run to completion with its output (stdout and stderr together) captured in a temporary file.
///
/// Spawned with `posix_spawn` and reaped with `waitpid`, and its output goes to a file rather than a pipe: a
/// server the program starts in the background (pg_ctl start) must not keep our pipe open, and we must not wait
/// on a child reaper that misses switched-user children.
struct ExternalCommand {
    var executable: String
    var arguments: [String]
    /// When set, the program runs as this account through `runuser` (the caller must be root).
    var account: ServerAccount?

    struct Outcome {
        var status: Int32
        var output: String
    }

    func run() throws -> Outcome {
        var argv: [String]
        if let account, account.needsSwitch {
            argv = [try ExternalCommand.runuserPath(), "-u", account.name, "--", executable] + arguments
        } else {
            argv = [executable] + arguments
        }
        // The server's messages are for the operator: keep them independent of the caller's locale.
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["LANG"] = "C"
        let envp = environment.map { "\($0.key)=\($0.value)" }

        var template = Array((NSTemporaryDirectory() + "/evidence-ledger-cmd-XXXXXX").utf8CString)
        let outputFD = mkstemp(&template)
        guard outputFD >= 0 else {
            throw ClusterError(.dataFolderUnusable, "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        let outputPath = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer {
            close(outputFD)
            unlink(outputPath)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 1)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 2)

        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnvp = envp.map { strdup($0) } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnvp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgv, cEnvp)
        guard spawned == 0 else {
            throw ClusterError(.serverBinariesMissing, "could not run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw ClusterError(.startFailed, "waiting for \(argv[0]) failed: \(String(cString: strerror(errno)))")
            }
        }
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Outcome(status: exitCode, output: output)
    }

    static func runuserPath() throws -> String {
        for candidate in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw ClusterError(.serverBinariesMissing, "running the server as an unprivileged user needs runuser (package util-linux)")
    }
}
