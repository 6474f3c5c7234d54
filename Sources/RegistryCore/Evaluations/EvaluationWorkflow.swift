import Foundation
import Postgres

/// A22.1 / A29.1: clerks record the periodic evaluations of their institution's conditionally shared and not yet
/// open items, and the conversions that follow desensitisation, declassification, consent or an evaluation.
public struct EvaluationWorkflow: Sendable {
    let database: RegistryDatabase
    let store = EvaluationStore()

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// Records an evaluation of a published item of the clerk's institution.
    public func evaluate(_ evaluation: NewAttributeEvaluation, by actor: Principal) async throws -> AttributeEvaluation {
        let store = self.store
        return try await database.write(actor.audit("attribute.evaluate")) { connection in
            let kind = evaluation.kind
            guard let item = try store.attributes(ofItem: evaluation.itemID, on: connection) else {
                throw RegistryError.notFound("目录事项", field: "item_id")
            }
            try actor.requireClerk(of: item.institution)
            // The trigger's checks, then the table's checks in name order, as PostgreSQL makes them.
            guard let current = item[kind] else { throw EvaluationRules.evaluationItemPublished[kind].error }
            let evaluable = kind == .share ? current == "conditional" : ["conditional", "not_open"].contains(current)
            guard evaluable else { throw EvaluationRules.evaluationItemEvaluable[kind].error }
            if let day = evaluation.evaluatedOn, day > (try RegistryClock.today(on: connection)) {
                throw EvaluationRules.evaluationNotInFuture[kind].error
            }
            if evaluation.evaluator.isBlankAfterBtrim { throw EvaluationRules.evaluationEvaluatorNamed[kind].error }
            if evaluation.reason.isBlankAfterBtrim { throw EvaluationRules.evaluationReasonGiven[kind].error }
            return try store.insert(evaluation, on: connection)
        }
    }

    /// Records a conversion of an item of the clerk's institution, linked to the catalog version carrying it.
    public func convert(_ conversion: NewAttributeConversion, by actor: Principal) async throws -> AttributeConversion {
        let kind = conversion.kind
        for (field, value) in [("from_type", conversion.fromType), ("to_type", conversion.toType)] where !kind.types.contains(value) {
            throw RegistryError.invalid(field, "\(kind.label)须为 \(kind.types.joined(separator: "、")) 之一。", article: kind.article)
        }
        let store = self.store
        return try await database.write(actor.audit("attribute.convert")) { connection in
            guard let item = try store.attributes(ofItem: conversion.itemID, on: connection) else {
                throw RegistryError.notFound("目录事项", field: "item_id")
            }
            try actor.requireClerk(of: item.institution)
            try Self.checkAgainstCatalog(conversion, store: store, on: connection)
            try Self.checkBasis(conversion)
            return try store.insert(conversion, on: connection)
        }
    }

    /// The evaluations the actor oversees.
    public func evaluations(
        _ filter: EvaluationStore.Filter,
        page: ListingPage,
        by actor: Principal
    ) async throws -> ListingResult<AttributeEvaluation> {
        let scope = try OversightScope(for: actor)
        let page = try page.validated()
        let store = self.store
        return try await database.read { connection in
            var narrowed = filter
            narrowed.oversight = try scope.narrowing(filter.oversight, on: connection)
            return try store.evaluations(narrowed, page: page, on: connection)
        }
    }

    /// The conversions the actor oversees.
    public func conversions(
        _ filter: EvaluationStore.Filter,
        page: ListingPage,
        by actor: Principal
    ) async throws -> ListingResult<AttributeConversion> {
        let scope = try OversightScope(for: actor)
        let page = try page.validated()
        let store = self.store
        return try await database.read { connection in
            var narrowed = filter
            narrowed.oversight = try scope.narrowing(filter.oversight, on: connection)
            return try store.conversions(narrowed, page: page, on: connection)
        }
    }

    /// The trigger's checks: the evaluation named found the item convertible, the version carries the new type, and
    /// the conversion starts from the type of the item's previous approved version.
    static func checkAgainstCatalog(_ conversion: NewAttributeConversion, store: EvaluationStore, on connection: Connection) throws {
        let kind = conversion.kind
        if let evaluation = conversion.evaluationID,
            try !store.evaluationFoundConvertible(evaluation, item: conversion.itemID, kind: kind, on: connection)
        {
            throw EvaluationRules.conversionEvaluationConvertible[kind].error
        }
        let carried = try store.carriedType(item: conversion.itemID, version: conversion.versionID, kind: kind, on: connection)
        guard carried == conversion.toType else { throw EvaluationRules.conversionVersionCarriesChange[kind].error }
        let previous = try store.previousType(item: conversion.itemID, version: conversion.versionID, kind: kind, on: connection)
        guard previous == conversion.fromType else { throw EvaluationRules.conversionFromCurrentType[kind].error }
    }

    /// The table's checks on type and basis, in constraint name order (A22 ¶1–2, A29 ¶2–3).
    static func checkBasis(_ conversion: NewAttributeConversion) throws(RegistryError) {
        let kind = conversion.kind
        let basis = conversion.basis
        if conversion.fromType == conversion.toType { throw EvaluationRules.conversionChangesType[kind].error }
        if basis == .rightsHolderConsent, kind != .open { throw EvaluationRules.consentOpensData.error }
        if (basis == .evaluation) != (conversion.evaluationID != nil) { throw EvaluationRules.conversionEvaluationNamed[kind].error }
        if kind == .open, conversion.fromType == "not_open",
            ![.desensitisation, .declassification, .rightsHolderConsent].contains(basis)
        {
            throw EvaluationRules.notOpenAfterProcessing.error
        }
        if kind == .share, conversion.fromType == "not_shared", ![.desensitisation, .declassification].contains(basis) {
            throw EvaluationRules.notSharedAfterProcessing.error
        }
        if Self.rank(conversion.toType) > Self.rank(conversion.fromType), basis == nil {
            throw EvaluationRules.conversionWidenedOnBasis[kind].error
        }
    }

    /// How open a type is, as `attribute_type_rank` in SQL: unconditional 3, conditional 2, not shared / not open 1.
    static func rank(_ type: String) -> Int {
        switch type {
        case "unconditional": 3
        case "conditional": 2
        default: 1
        }
    }
}

extension String {
    /// Whether PostgreSQL's `btrim(value) = ''` holds: empty or only spaces.
    var isBlankAfterBtrim: Bool { allSatisfy { $0 == " " } }
}
