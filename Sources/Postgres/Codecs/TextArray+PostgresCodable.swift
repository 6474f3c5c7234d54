/// `text[]` values: the array literal `{"a","b c"}` with every element quoted and escaped.
/// NULL elements are refused when reading: a `[String]` has no place for them.
extension String: PostgresArrayElement {
    public static func encodeArray(_ elements: [String]) -> String {
        var literal = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in element {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }

    public static func decodeArray(_ text: String) throws -> [String] {
        var parser = ArrayLiteralParser(text)
        return try parser.parse()
    }
}

/// Reads a one-dimensional PostgreSQL array literal.
struct ArrayLiteralParser {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        characters = Array(text)
    }

    mutating func parse() throws -> [String] {
        guard characters.first == "{", characters.last == "}" else { throw failure("expected {…}") }
        index = 1
        var elements: [String] = []
        if characters.count == 2 { return elements }
        while index < characters.count - 1 {
            elements.append(try element())
            if characters[index] == "," {
                index += 1
            } else if index != characters.count - 1 {
                throw failure("expected , between elements")
            }
        }
        return elements
    }

    private mutating func element() throws -> String {
        if characters[index] == "{" { throw failure("multi-dimensional arrays are not supported") }
        if characters[index] == "\"" { return try quoted() }
        var value = ""
        while index < characters.count - 1, characters[index] != "," {
            value.append(characters[index])
            index += 1
        }
        if value == "NULL" { throw failure("NULL element") }
        return value
    }

    private mutating func quoted() throws -> String {
        index += 1
        var value = ""
        while index < characters.count - 1 {
            let character = characters[index]
            if character == "\"" {
                index += 1
                return value
            }
            if character == "\\" { index += 1 }
            value.append(characters[index])
            index += 1
        }
        throw failure("unterminated quoted element")
    }

    private func failure(_ reason: String) -> PostgresDecodingError {
        PostgresDecodingError(type: [String].self, reason: reason)
    }
}
