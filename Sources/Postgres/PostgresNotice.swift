import CLibPQ
import Logging

/// A notice or warning the server sent (RAISE NOTICE, "there is no transaction in progress"…).
public struct PostgresNotice: Sendable {
    public var severity: String
    public var sqlState: String?
    public var message: String
    public var detail: String?
}

final class NoticeBox {
    var handler: (PostgresNotice) -> Void
    init(logger: Logger) {
        handler = { notice in
            let level: Logger.Level = notice.severity == "WARNING" ? .warning : .notice
            logger.log(level: level, "\(notice.severity): \(notice.message)", metadata: notice.sqlState.map { ["sqlstate": "\($0)"] })
        }
    }
}

func noticeReceiver(_ context: UnsafeMutableRawPointer?, _ result: OpaquePointer?) {
    guard let context, let result else { return }
    let box = Unmanaged<NoticeBox>.fromOpaque(context).takeUnretainedValue()
    func field(_ code: Int32) -> String? {
        guard let value = PQresultErrorField(result, code) else { return nil }
        return String(cString: value)
    }
    let notice = PostgresNotice(
        severity: field(CLIBPQ_DIAG_SEVERITY_NONLOCALIZED) ?? "NOTICE",
        sqlState: field(CLIBPQ_DIAG_SQLSTATE),
        message: field(CLIBPQ_DIAG_MESSAGE_PRIMARY) ?? "",
        detail: field(CLIBPQ_DIAG_MESSAGE_DETAIL)
    )
    box.handler(notice)
}
