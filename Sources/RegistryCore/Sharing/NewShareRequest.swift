import Foundation

/// A20.2 / A23.4: what an institution files to request a published catalog item.
public struct NewShareRequest: Sendable, Hashable, Codable {
    public var itemID: UUID
    /// The requesting institution; the filing clerk's own when `nil`.
    public var requester: String?
    /// 应用场景.
    public var scenario: String
    /// 承诺真实、合规、安全: must be true.
    public var commitment: Bool
    /// Names of the data items wanted; all must be in the item's share content.
    public var dataItems: [String]
    public var mode: SharingMode
    /// 截止时间: not before the day of receipt.
    public var endDate: CivilDate
    public var purpose: SharePurpose

    public init(
        itemID: UUID,
        requester: String? = nil,
        scenario: String,
        commitment: Bool,
        dataItems: [String],
        mode: SharingMode,
        endDate: CivilDate,
        purpose: SharePurpose = .use
    ) {
        self.itemID = itemID
        self.requester = requester
        self.scenario = scenario
        self.commitment = commitment
        self.dataItems = dataItems
        self.mode = mode
        self.endDate = endDate
        self.purpose = purpose
    }

    /// The request's own rules, in the order the database checks them (A20.2, A23.4); `today` is the day of receipt.
    public func validate(receivedOn today: CivilDate) throws(RegistryError) {
        if SQLText.isBlank(scenario) { throw ShareRequestRules.scenario.error }
        if !commitment { throw ShareRequestRules.commitment.error }
        if !Self.isValidItemList(dataItems) { throw ShareRequestRules.dataItems.error }
        if endDate < today { throw ShareRequestRules.endDate.error }
    }

    /// A23.4: a list of data item names as `share_request_items_valid` decides: not empty, no blank name, no name twice.
    static func isValidItemList(_ names: [String]) -> Bool {
        guard !names.isEmpty, !names.contains(where: { SQLText.isBlank($0) }) else { return false }
        return Set(names.map { Array($0.utf8) }).count == names.count
    }
}

/// A23.2 / A23.4: the source's reply to a share request.
public enum ShareReply: Sendable, Hashable {
    /// 同意: the data items granted (all requested when `nil`; never beyond them).
    case approve(dataItems: [String]?)
    /// 拒绝, with reason and legal basis.
    case refuse(reason: String, legalBasis: String)
}
