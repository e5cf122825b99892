import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program run to completion with its stdout and stderr captured in temporary files.
///
/// Spawned with `posix_spawn` and reaped with `wait4`, and its output goes to a file rather than a pipe: a
/// server the program starts in the background (pg_ctl start) must not keep our pipe open, and we must not wait
/// on a child reaper that misses switched-user children.
public struct ExternalCommand: Sendable {
    public var executable: String
    public var arguments: [String]
    /// When set, the program runs as this account through `runuser` (the caller must be root).
    public var account: ServerAccount?

    public init(executable: String, arguments: [String], account: ServerAccount? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.account = account
    }

    /// How the program ended and what it printed.
    public struct Outcome: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended it.
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// The program's peak resident memory in KiB (`ru_maxrss` from `wait4`).
        public var peakMemoryKiB: Int
        /// stdout then stderr, for messages to the operator.
        public var output: String { stdout + stderr }
    }

    /// Runs the program and waits for it.
    /// - Parameter environment: the program's environment (default: this process's, with `LC_ALL=C`).
    public func run(environment: [String: String]? = nil) throws -> Outcome {
        var argv: [String]
        if let account, account.needsSwitch {
            argv = [try ExternalCommand.runuserPath(), "-u", account.name, "--", executable] + arguments
        } else {
            argv = [executable] + arguments
        }
        var env: [String: String]
        if let environment {
            env = environment
        } else {
            // The server's messages are for the operator: keep them independent of the caller's locale.
            env = ProcessInfo.processInfo.environment
            env["LC_ALL"] = "C"
            env["LANG"] = "C"
        }
        let envp = env.map { "\($0.key)=\($0.value)" }

        let (stdoutFD, stdoutPath) = try ExternalCommand.temporaryFile()
        defer { close(stdoutFD); unlink(stdoutPath) }
        let (stderrFD, stderrPath) = try ExternalCommand.temporaryFile()
        defer { close(stderrFD); unlink(stderrPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrFD, 2)

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
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else {
                throw ClusterError(.startFailed, "waiting for \(argv[0]) failed: \(String(cString: strerror(errno)))")
            }
        }
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(
            status: exitCode,
            stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "",
            peakMemoryKiB: Int(usage.ru_maxrss)
        )
    }

    static func temporaryFile() throws -> (Int32, String) {
        var template = Array("/tmp/evidence-ledger-cmd-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else {
            throw ClusterError(.dataFolderUnusable, "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        return (fd, String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    static func runuserPath() throws -> String {
        for candidate in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw ClusterError(.serverBinariesMissing, "running the server as an unprivileged user needs runuser (package util-linux)")
    }
}
