import Testing

@testable import RegistryCore

@Suite("Reading CSV records for the catalog import (RFC 4180)")
struct CSVRecordReaderTests {
    private func records(_ text: String) throws -> [CSVRecordReader.Record] {
        try records(Array(text.utf8))
    }

    /// The records of `bytes`, read once in one chunk and once a byte at a time: both must agree.
    private func records(_ bytes: [UInt8]) throws -> [CSVRecordReader.Record] {
        func read(_ source: ImportByteSource) throws -> [CSVRecordReader.Record] {
            var reader = CSVRecordReader(source: source)
            var result: [CSVRecordReader.Record] = []
            while let record = try reader.next() { result.append(record) }
            return result
        }
        let whole = try read(ImportByteSource(bytes: bytes))
        #expect(try read(ImportByteSource(chunks: bytes.map { [$0] })) == whole)
        return whole
    }

    @Test("commas, doubled quotes and line breaks inside quoted cells; each record keeps the line it starts on")
    func quotedCells() throws {
        let text = "a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,end\n"
        #expect(
            try records(text) == [
                .init(line: 1, fields: ["a", "b", "c"]),
                .init(line: 2, fields: ["x,1", "say \"hi\"", "two\nlines"]),
                .init(line: 4, fields: ["plain", "", "end"]),
            ]
        )
    }

    @Test("CRLF line ends, a byte order mark, blank lines and a last line without a line end")
    func lineEnds() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("code,name\r\n\r\nA-1,人口\r\n\nA-2,\"法人\r\n信息\"".utf8)
        #expect(
            try records(bytes) == [
                .init(line: 1, fields: ["code", "name"]),
                .init(line: 3, fields: ["A-1", "人口"]),
                .init(line: 5, fields: ["A-2", "法人\r\n信息"]),
            ]
        )
    }

    @Test("Chinese text, a quote inside an unquoted cell and an empty quoted cell read as written")
    func text() throws {
        #expect(try records("内蒙古,5\"盘,\"\"\n") == [.init(line: 1, fields: ["内蒙古", "5\"盘", ""])])
    }

    @Test("text after a closing quote, invalid UTF-8 and NUL are problems of their record only")
    func malformedRecords() throws {
        let bytes = Array("\"a\"b,c\nok,1\n".utf8) + [0xFF, 0x2C, 0x31, 0x0A] + Array("x\u{0},1\nlast,2\n".utf8)
        let read = try records(bytes)
        #expect(read.map(\.line) == [1, 2, 3, 4, 5])
        #expect(read.map(\.problem) == [.quote, nil, .encoding, .encoding, nil])
        #expect(read[4].fields == ["last", "2"])
    }

    @Test("a quote never closed swallows the rest of the file and is reported at its first line")
    func unterminatedQuote() throws {
        let read = try records("a,b\nc,\"open\nd,e\n")
        #expect(read.count == 2)
        #expect(read[1].line == 2)
        #expect(read[1].problem == .quote)
    }
}

@Suite("Reading JSON Lines objects for the catalog import (RFC 8259)")
struct JSONLineParserTests {
    private func members(_ line: String) throws(JSONLineParser.Failure) -> [String: JSONLineParser.Value] {
        Dictionary(try JSONLineParser.members(of: Array(line.utf8)).map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
    }

    @Test("strings are decoded, numbers and booleans kept as written, arrays kept as JSON text")
    func values() throws {
        let read = try members(
            #" {"name":"人口\u57fa\u672c\"信息\"\n","code":101,"ratio":-1.5e3,"flag":true,"none":null,"items":[{"name":"a","type":"string"}] } "#
        )
        #expect(read["name"] == .string("人口基本\"信息\"\n"))
        #expect(read["code"] == .literal("101"))
        #expect(read["ratio"] == .literal("-1.5e3"))
        #expect(read["flag"] == .literal("true"))
        #expect(read["none"] == .null)
        #expect(read["items"] == .nested(#"[{"name":"a","type":"string"}]"#))
    }

    @Test("a surrogate pair is one character; a lone surrogate is refused")
    func surrogates() throws {
        #expect(try members(#"{"a":"\ud83d\ude00"}"#)["a"] == .string("😀"))
        #expect(throws: JSONLineParser.Failure.self) { try members(#"{"a":"\ud83d"}"#) }
    }

    @Test(
        "anything that is not exactly one JSON object is refused",
        arguments: [
            "", "[]", "{", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":01}", "{\"a\":tru}", "{\"a\":\"x\ty\"}", "{\"a\":1} x",
            "{\"a\":[1,]}", "{'a':1}", "{\"a\":\"\\x\"}",
        ]
    )
    func malformed(line: String) {
        #expect(throws: JSONLineParser.Failure.self) { try members(line) }
    }
}
