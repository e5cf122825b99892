import ArgumentParser
import Dossier
import Foundation
import LedgerModel
import LedgerStore
import Postgres

/// An error as the user sees it: one message saying what happened and what to do, and an exit code.
struct CLIError: Error {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    /// Translates any error into a message and an exit code.
    static func from(_ error: Error, target: ConnectionTarget? = nil) -> CLIError {
        switch error {
        case let error as CLIError:
            return error
        case let error as ClusterError:
            let code: Int32
            switch error.code {
            case .dataFolderNotOwned: code = ExitCodes.noPermission
            case .dataFolderUnusable: code = ExitCodes.cannotCreate
            default: code = ExitCodes.unavailable
            }
            return CLIError(error.message, exitCode: code)
        case let error as MigrationError:
            let code: Int32
            switch error.code {
            case .schemaDirectoryMissing: code = ExitCodes.noInput
            case .badFile: code = ExitCodes.dataError
            case .editedAfterApply, .appliedFileMissing: code = ExitCodes.configuration
            default:
                code = error.underlying?.sqlState == SQLState.insufficientPrivilege ? ExitCodes.noPermission : ExitCodes.failure
            }
            return CLIError(error.message, exitCode: code)
        case let error as PostgresError:
            return fromPostgres(error, target: target)
        case let error as ImportFailure where error.issues.allSatisfy({ $0.expected == "a readable file" }):
            return CLIError(error.description, exitCode: ExitCodes.noInput)
        case let error as ImportFailure:
            return CLIError("nothing was written; the input has \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s"):\n\(error.description)", exitCode: ExitCodes.dataError)
        case let error as SanctionsLedger.Problem:
            return CLIError(error.description, exitCode: ExitCodes.dataError)
        case let error as DossierProblem:
            return CLIError(error.description, exitCode: ExitCodes.dataError)
        case let error as LogProblem:
            return CLIError(error.description, exitCode: ExitCodes.failure)
        case let error as SigningKeyFile.Problem:
            return CLIError(error.description, exitCode: ExitCodes.noPermission)
        case let error as PostgresDecodingError:
            return CLIError("unexpected result from the server: \(error)", exitCode: ExitCodes.failure)
        default:
            return CLIError("\(error)", exitCode: ExitCodes.failure)
        }
    }

    static func fromPostgres(_ error: PostgresError, target: ConnectionTarget?) -> CLIError {
        let place = target.map { " to \($0.description)" } ?? ""
        if error.kind == .connection {
            switch error.sqlState {
            case "08P01":
                let hint = error.hint ?? "use a URL such as postgresql://user@host:5432/dbname or key=value pairs such as host=/run/postgresql dbname=ledger"
                return CLIError("malformed connection settings: \(error.message)\n\(hint)", exitCode: ExitCodes.configuration)
            case SQLState.invalidPassword:
                return CLIError("cannot connect\(place): \(error.message)\nCheck the user name and password (in the URL, PGPASSWORD or ~/.pgpass).", exitCode: ExitCodes.noPermission)
            case SQLState.invalidAuthorization:
                return CLIError("cannot connect\(place): \(error.message)\nThe server does not let this user in: ask its administrator, or check the user name.", exitCode: ExitCodes.noPermission)
            case "3D000":
                return CLIError("cannot connect\(place): \(error.message)\nCreate the database first (createdb), or name an existing one in the URL.", exitCode: ExitCodes.configuration)
            default:
                var hint = "Is the server running and reachable there?"
                if error.message.contains("Is the server running") { hint = "" }
                hint += " Without --database, DATABASE_URL or PG* settings, evidence-ledger uses its own managed local PostgreSQL."
                return CLIError("cannot connect\(place): \(error.message)\n\(hint.trimmingCharacters(in: .whitespaces))", exitCode: ExitCodes.unavailable)
            }
        }
        let code: Int32
        switch error.sqlState {
        case SQLState.insufficientPrivilege?, "EL101"?, "EL107"?: code = ExitCodes.noPermission
        case let state? where state.hasPrefix("22") || state.hasPrefix("23") || state.hasPrefix("EL"): code = ExitCodes.dataError
        default: code = ExitCodes.failure
        }
        let state = error.sqlState.map { " (SQLSTATE \($0))" } ?? ""
        return CLIError("\(error.fullMessage)\(state)", exitCode: code)
    }
}

/// Writes to standard error (messages, progress); data goes to standard output.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(endingInNewline(text).utf8))
    }

    /// The text with a final newline ("\r\n" counts: it is one Character, so hasSuffix("\n") would miss it).
    static func endingInNewline(_ text: String) -> String {
        text.utf8.last == 0x0A ? text : text + "\n"
    }

    static func progress(_ text: String) {
        error("evidence-ledger: " + text)
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(endingInNewline(text).utf8))
    }
}

/// Runs a command body and turns whatever it throws into a message on stderr and the documented exit code.
func reportingErrors(target: ConnectionTarget? = nil, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let cliError = CLIError.from(error, target: target)
        Console.error("evidence-ledger: error: " + cliError.message.trimmingCharacters(in: .whitespacesAndNewlines))
        throw ExitCode(cliError.exitCode)
    }
}
