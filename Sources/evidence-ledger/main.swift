import EvidenceLedgerCLI
import Logging

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .notice
    return handler
}
EvidenceLedgerCommand.main()
