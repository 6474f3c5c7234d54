import Foundation

/// A5.1: an institution of the registry — an authority, a public institution or another public service
/// organisation — identified by its unified social credit code (A14.1) and belonging to one division.
public struct Institution: Sendable, Hashable, Codable {
    /// 统一社会信用代码 (GB 32100-2015), canonical upper-case form.
    public var uscc: String
    public var name: String
    /// The division the institution belongs to.
    public var divisionCode: String
    public var kind: InstitutionKind
    public var createdAt: Date

    public init(uscc: String, name: String, divisionCode: String, kind: InstitutionKind, createdAt: Date) {
        self.uscc = uscc
        self.name = name
        self.divisionCode = divisionCode
        self.kind = kind
        self.createdAt = createdAt
    }
}

/// A5.1: what is needed to register an institution; the registry stamps `createdAt`.
public struct NewInstitution: Sendable, Hashable, Codable {
    public var uscc: String
    public var name: String
    public var divisionCode: String
    public var kind: InstitutionKind

    public init(uscc: String, name: String, divisionCode: String, kind: InstitutionKind) {
        self.uscc = uscc
        self.name = name
        self.divisionCode = divisionCode
        self.kind = kind
    }
}
