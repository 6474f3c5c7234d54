import Foundation

/// A term of an RDF graph: an IRI, a blank node or a literal (plain, language-tagged or typed). The DCAT export
/// (``DCATExport``) builds its graphs from these and ``RDFGraph`` writes them as Turtle, JSON-LD or RDF/XML.
public enum RDFTerm: Sendable, Hashable {
    case iri(String)
    case blank(String)
    case literal(String, language: String? = nil, datatype: String? = nil)

    /// An IRI with every character an IRI may not hold (space, `<>"{}|^\``, controls) percent-encoded, so that the
    /// three serialisations carry the same IRI.
    public static func safeIRI(_ text: String) -> RDFTerm {
        // Most IRIs need nothing encoded.
        if !text.utf8.contains(where: { $0 <= 0x20 || Self.unsafeIRIBytes.contains($0) }) { return .iri(text) }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value <= 0x20 || "<>\"{}|^`\\".unicodeScalars.contains(scalar) || (0x7F...0x9F).contains(scalar.value) {
                for byte in String(scalar).utf8 { result += String(format: "%%%02X", byte) }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return .iri(result)
    }

    /// The bytes of characters an IRI may not hold as they are (0xC2 leads U+0080…U+00BF, which holds the C1
    /// controls), besides controls and space.
    private static let unsafeIRIBytes: Set<UInt8> = [0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D, 0x7F, 0xC2]

    /// A literal in Chinese; control characters other than tab and line breaks, which XML 1.0 cannot carry, are left out.
    static func chinese(_ text: String) -> RDFTerm {
        let kept = { (scalar: Unicode.Scalar) in scalar.value >= 0x20 || "\t\n\r".unicodeScalars.contains(scalar) }
        guard !text.unicodeScalars.allSatisfy(kept) else { return .literal(text, language: "zh") }
        return .literal(String(String.UnicodeScalarView(text.unicodeScalars.filter(kept))), language: "zh")
    }
    static func typed(_ text: String, _ datatype: String) -> RDFTerm { .literal(text, datatype: RDFNamespace.xsd.iri(datatype)) }
}

/// The vocabularies the export uses, with the prefixes every serialisation declares.
public enum RDFNamespace: String, CaseIterable, Sendable {
    case rdf, xsd, dcat, dct, foaf, vcard, adms, skos, spdx, hydra, dcatap

    public var uri: String {
        switch self {
        case .rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        case .xsd: "http://www.w3.org/2001/XMLSchema#"
        case .dcat: "http://www.w3.org/ns/dcat#"
        case .dct: "http://purl.org/dc/terms/"
        case .foaf: "http://xmlns.com/foaf/0.1/"
        case .vcard: "http://www.w3.org/2006/vcard/ns#"
        case .adms: "http://www.w3.org/ns/adms#"
        case .skos: "http://www.w3.org/2004/02/skos/core#"
        case .spdx: "http://spdx.org/rdf/terms#"
        case .hydra: "http://www.w3.org/ns/hydra/core#"
        case .dcatap: "http://data.europa.eu/r5r/"
        }
    }

    func iri(_ local: String) -> String { uri + local }
    func term(_ local: String) -> RDFTerm { .iri(uri + local) }
}

/// A set of triples in the order they were added (each once), with writers for the three serialisations of the
/// DCAT export. Subjects are written in order of first appearance, so the same data give the same bytes.
public struct RDFGraph: Sendable {
    /// One statement of the graph.
    public struct Triple: Sendable, Hashable {
        public var subject: RDFTerm
        public var predicate: String
        public var object: RDFTerm
    }

    public private(set) var triples: [Triple] = []
    private var seen: Set<Triple> = []

    /// A graph with room for `capacity` triples before it grows.
    public init(reservingCapacity capacity: Int = 0) {
        triples.reserveCapacity(capacity)
        seen.reserveCapacity(capacity)
    }

    mutating func add(_ subject: RDFTerm, _ predicate: String, _ object: RDFTerm?) {
        guard let object else { return }
        let triple = Triple(subject: subject, predicate: predicate, object: object)
        guard seen.insert(triple).inserted else { return }
        triples.append(triple)
    }

    mutating func add(_ subject: RDFTerm, _ namespace: RDFNamespace, _ local: String, _ object: RDFTerm?) {
        add(subject, namespace.iri(local), object)
    }

    /// Subjects in order of first appearance, each with its predicate–object pairs in order.
    var subjects: [(RDFTerm, [(String, RDFTerm)])] {
        var order: [RDFTerm] = []
        var pairs: [RDFTerm: [(String, RDFTerm)]] = [:]
        for triple in triples {
            if pairs[triple.subject] == nil { order.append(triple.subject) }
            pairs[triple.subject, default: []].append((triple.predicate, triple.object))
        }
        return order.map { ($0, pairs[$0]!) }
    }
}
