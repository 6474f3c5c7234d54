import Foundation

/// The three serialisations the DCAT export offers, with their media types and file extensions.
public enum RDFFormat: String, CaseIterable, Sendable {
    case turtle = "ttl"
    case jsonLD = "jsonld"
    case rdfXML = "rdf"

    public var mediaType: String {
        switch self {
        case .turtle: "text/turtle; charset=utf-8"
        case .jsonLD: "application/ld+json"
        case .rdfXML: "application/rdf+xml"
        }
    }

    /// The format a file name's extension (`catalog.ttl`) names.
    public init?(fileExtension: some StringProtocol) {
        self.init(rawValue: String(fileExtension))
    }
}

extension RDFGraph {
    /// The graph in `format`.
    public func serialised(as format: RDFFormat) -> String {
        switch format {
        case .turtle: turtle()
        case .jsonLD: jsonLD()
        case .rdfXML: rdfXML()
        }
    }

    // MARK: Turtle

    /// Turtle (W3C RDF 1.1): the prefixes, then one block per subject.
    public func turtle() -> String {
        var out = RDFNamespace.allCases.map { "@prefix \($0.rawValue): <\($0.uri)> .\n" }.joined() + "\n"
        let names = predicateNames { $0 == RDFNamespace.rdf.iri("type") ? "a" : Self.prefixedName($0) ?? "<\($0)>" }
        for (subject, pairs) in subjects {
            out += Self.turtleTerm(subject)
            for (index, (predicate, object)) in pairs.enumerated() {
                out += (index == 0 ? " " : " ;\n    ") + names[predicate]! + " " + Self.turtleTerm(object)
            }
            out += " .\n\n"
        }
        return out
    }

    /// Each predicate of the graph with its name as `name` spells it, worked out once per predicate.
    func predicateNames(_ name: (String) -> String) -> [String: String] {
        var names: [String: String] = [:]
        for triple in triples where names[triple.predicate] == nil { names[triple.predicate] = name(triple.predicate) }
        return names
    }

    static func turtleTerm(_ term: RDFTerm) -> String {
        switch term {
        case .iri(let iri): return "<\(iri)>"
        case .blank(let id): return "_:\(id)"
        case .literal(let text, let language, let datatype):
            let escaped = JSONString.quoted(text)
            if let language { return escaped + "@" + language }
            if let datatype { return escaped + "^^<\(datatype)>" }
            return escaped
        }
    }

    /// `dct:title` for a predicate in a declared namespace whose local name needs no escaping.
    static func prefixedName(_ iri: String) -> String? {
        for namespace in RDFNamespace.allCases where iri.hasPrefix(namespace.uri) {
            let local = iri.dropFirst(namespace.uri.count)
            let simple =
                local.first.map { $0.isASCII && $0.isLetter } == true
                && local.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            if simple { return "\(namespace.rawValue):\(local)" }
        }
        return nil
    }

    // MARK: JSON-LD

    /// JSON-LD 1.1 in expanded form: an array of node objects with full IRIs, which needs no context to read.
    public func jsonLD() -> String {
        let typeIRI = RDFNamespace.rdf.iri("type")
        var nodes: [String] = []
        for (subject, pairs) in subjects {
            var members = ["\"@id\": " + JSONString.quoted(Self.nodeID(subject))]
            let types = pairs.filter { $0.0 == typeIRI }.compactMap { pair -> String? in
                if case .iri(let iri) = pair.1 { return JSONString.quoted(iri) }
                return nil
            }
            if !types.isEmpty { members.append("\"@type\": [" + types.joined(separator: ", ") + "]") }
            var order: [String] = []
            var values: [String: [String]] = [:]
            for (predicate, object) in pairs {
                if predicate == typeIRI, case .iri = object { continue }
                if values[predicate] == nil { order.append(predicate) }
                values[predicate, default: []].append(Self.jsonValue(object))
            }
            for predicate in order {
                members.append(JSONString.quoted(predicate) + ": [" + values[predicate]!.joined(separator: ", ") + "]")
            }
            nodes.append("  {\n    " + members.joined(separator: ",\n    ") + "\n  }")
        }
        return "[\n" + nodes.joined(separator: ",\n") + "\n]\n"
    }

    static func nodeID(_ term: RDFTerm) -> String {
        switch term {
        case .iri(let iri): iri
        case .blank(let id): "_:" + id
        case .literal(let text, _, _): text
        }
    }

    static func jsonValue(_ term: RDFTerm) -> String {
        switch term {
        case .iri, .blank: return "{\"@id\": " + JSONString.quoted(nodeID(term)) + "}"
        case .literal(let text, let language, let datatype):
            if let language { return "{\"@value\": \(JSONString.quoted(text)), \"@language\": \(JSONString.quoted(language))}" }
            if let datatype { return "{\"@value\": \(JSONString.quoted(text)), \"@type\": \(JSONString.quoted(datatype))}" }
            return "{\"@value\": \(JSONString.quoted(text))}"
        }
    }

    // MARK: RDF/XML

    /// RDF/XML: one `rdf:Description` per subject, every property as an element of its namespace.
    public func rdfXML() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF"
        for namespace in RDFNamespace.allCases { out += "\n    xmlns:\(namespace.rawValue)=\"\(Self.xml(namespace.uri))\"" }
        out += ">\n"
        let names = predicateNames { Self.prefixedName($0)! }
        for (subject, pairs) in subjects {
            out += "  <rdf:Description " + Self.xmlNode(subject, about: true) + ">\n"
            for (predicate, object) in pairs {
                let name = names[predicate]!
                switch object {
                case .iri, .blank:
                    out += "    <\(name) " + Self.xmlNode(object, about: false) + "/>\n"
                case .literal(let text, let language, let datatype):
                    var attributes = ""
                    if let language { attributes = " xml:lang=\"\(Self.xml(language))\"" }
                    if let datatype { attributes = " rdf:datatype=\"\(Self.xml(datatype))\"" }
                    out += "    <\(name)\(attributes)>\(Self.xml(text))</\(name)>\n"
                }
            }
            out += "  </rdf:Description>\n"
        }
        return out + "</rdf:RDF>\n"
    }

    static func xmlNode(_ term: RDFTerm, about: Bool) -> String {
        switch term {
        case .blank(let id): "rdf:nodeID=\"\(xml(id))\""
        default: (about ? "rdf:about" : "rdf:resource") + "=\"\(xml(nodeID(term)))\""
        }
    }

    /// Text escaped for XML content and attribute values alike; carriage returns and tabs as references so no
    /// parser normalises them away.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#xD;"
            case "\t": out += "&#x9;"
            case "\n": out += "&#xA;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
