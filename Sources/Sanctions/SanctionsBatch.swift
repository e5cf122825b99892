/// Checked records of one stretch of an input file, handed to the caller to write. A designation comes in the
/// batch of its target or in a later one, never before it.
public struct SanctionsBatch: Sendable {
    public var targets: [TargetRecord]
    public var designations: [DesignationRecord]

    public init(targets: [TargetRecord] = [], designations: [DesignationRecord] = []) {
        self.targets = targets
        self.designations = designations
    }
}
