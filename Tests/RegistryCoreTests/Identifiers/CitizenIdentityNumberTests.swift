import Foundation
import RegistryCore
import Testing

/// A13.1: GB 11643-1999 citizen identity numbers, without a database.
@Suite("Citizen identity number (A13.1)")
struct CitizenIdentityNumberTests {
    private let asOf = IdentifierSamples.asOf

    @Test("GB 11643's example number is valid and masked as 110105********002X")
    func example() throws {
        let number = try CitizenIdentityNumber(validating: IdentifierSamples.citizenExample, asOf: asOf)
        #expect(number.unmaskedValue == "11010519491231002X")
        #expect(number.masked == "110105********002X")
        #expect(number.addressCode == "110105")
        #expect(CitizenIdentityNumber.checkCharacter(for: "11010519491231002") == "X")
    }

    @Test("a lower-case x is accepted and normalised")
    func lowerCaseX() throws {
        let number = try CitizenIdentityNumber(validating: "11010519491231002x", asOf: asOf)
        #expect(number.unmaskedValue == "11010519491231002X")
        #expect(number == (try CitizenIdentityNumber(validating: "11010519491231002X", asOf: asOf)))
    }

    @Test("every single-character corruption of the example is refused, naming its position or the check character")
    func everyCorruptionRefused() {
        let corruptions = IdentifierSamples.citizenCorruptions()
        #expect(corruptions.count >= 18 * 40)
        for corruption in corruptions {
            let error = #expect(throws: IdentifierError.self, "\(corruption.position) \(corruption.replacement)") {
                try CitizenIdentityNumber(validating: corruption.text, asOf: asOf)
            }
            guard let error else { continue }
            #expect(error.kind == .citizenIdentityNumber)
            let isDigit = corruption.replacement.isASCII && corruption.replacement.isNumber
            switch error.problem {
            case .notADigit(let position, _):
                #expect(position == corruption.position && position != 18)
                #expect(!isDigit)
            case .checkCharacterMismatch(let expected, _):
                // A changed digit in 1-17 changes the required check character; anything at 18 is measured against X.
                #expect(corruption.position == 18 ? expected == "X" : expected != "X")
            case .birthDateNotReal, .birthDateInFuture:
                #expect((7...14).contains(corruption.position))
            case .wrongLength, .notInAlphabet:
                Issue.record("unexpected \(error.problem)")
            }
            Self.expectNoNumber(in: error, input: corruption.text)
        }
    }

    @Test("the error names the expected check character")
    func checkCharacterMessage() {
        let error = #expect(throws: IdentifierError.self) {
            try CitizenIdentityNumber(validating: "110105194912310021", asOf: asOf)
        }
        #expect(error?.problem == .checkCharacterMismatch(expected: "X", found: "'1'"))
        #expect(error?.position == 18)
        #expect(error?.reason == "character 18 should be 'X' (check character, ISO 7064 MOD 11-2)")
        #expect(error?.reasonZH == "第18位应为“X”(校验码,ISO 7064 MOD 11-2)")
        #expect(error?.requirement == "A13.1")
    }

    @Test("the error names a character that is not a digit, showing invisible ones as code points")
    func characterMessages() {
        let letter = #expect(throws: IdentifierError.self) {
            try CitizenIdentityNumber(validating: "1101A519491231002X", asOf: asOf)
        }
        #expect(letter?.reason == "character 5 'A' is not a digit (address code)")
        #expect(letter?.reasonZH == "第5位“A”应为数字(地址码)")
        let fullWidth = #expect(throws: IdentifierError.self) {
            try CitizenIdentityNumber(validating: "1101051949123100２X", asOf: asOf)
        }
        #expect(fullWidth?.reason == "character 17 '２' is not a digit (sequence code)")
        let space = #expect(throws: IdentifierError.self) {
            try CitizenIdentityNumber(validating: "110105 9491231002X", asOf: asOf)
        }
        #expect(space?.reason == "character 7 U+0020 is not a digit (birth date)")
        let last = #expect(throws: IdentifierError.self) {
            try CitizenIdentityNumber(validating: "11010519491231002Y", asOf: asOf)
        }
        #expect(last?.reason == "character 18 should be 'X' (check character, ISO 7064 MOD 11-2)")
        #expect(last?.problem == .checkCharacterMismatch(expected: "X", found: "'Y'"))
    }

    @Test("the length must be 18", arguments: ["", "1101051949123100", "11010519491231002", "11010519491231002X0", "110105491231002"])
    func wrongLength(text: String) {
        let error = #expect(throws: IdentifierError.self) { try CitizenIdentityNumber(validating: text, asOf: asOf) }
        #expect(error?.problem == .wrongLength(actual: text.count))
        #expect(error?.reason == "a citizen identity number has 18 characters, got \(text.count)")
    }

    @Test("no trimming: surrounding spaces are refused")
    func noTrimming() {
        #expect(throws: IdentifierError.self) { try CitizenIdentityNumber(validating: " 11010519491231002X", asOf: asOf) }
        #expect(throws: IdentifierError.self) { try CitizenIdentityNumber(validating: "11010519491231002X\n", asOf: asOf) }
    }

    @Test(
        "the birth date must be a real date",
        arguments: [
            ("00000101", false), ("00010101", true), ("19000229", false), ("20000229", true), ("20010229", false),
            ("21000229", false), ("19490231", false), ("19490431", false), ("19491231", true), ("19491232", false),
            ("19491300", false), ("19490001", false), ("19490100", false),
        ]
    )
    func realDate(date: String, valid: Bool) throws {
        let text = IdentifierSamples.citizen("150102" + date + "123")
        if valid {
            #expect(throws: Never.self) { try CitizenIdentityNumber(validating: text, asOf: asOf) }
        } else {
            let error = #expect(throws: IdentifierError.self) { try CitizenIdentityNumber(validating: text, asOf: asOf) }
            #expect(error?.problem == .birthDateNotReal)
            #expect(error?.reason == "characters 7-14 are not a real date (birth date)")
        }
    }

    @Test("the birth date may not be after today in Asia/Shanghai")
    func notInTheFuture() throws {
        let today = IdentifierSamples.citizen("15010220240604123")
        let tomorrow = IdentifierSamples.citizen("15010220240605123")
        #expect(throws: Never.self) { try CitizenIdentityNumber(validating: today, asOf: asOf) }
        let error = #expect(throws: IdentifierError.self) { try CitizenIdentityNumber(validating: tomorrow, asOf: asOf) }
        #expect(error?.problem == .birthDateInFuture)
        // 2024-06-04 16:30 UTC is already 2024-06-05 00:30 in Asia/Shanghai.
        let shanghaiMidnight = Date(timeIntervalSince1970: 1_717_518_600)
        #expect(throws: Never.self) { try CitizenIdentityNumber(validating: tomorrow, asOf: shanghaiMidnight) }
        // 2024-06-04 15:59 UTC is still 2024-06-04 23:59 there.
        #expect(throws: IdentifierError.self) {
            try CitizenIdentityNumber(validating: tomorrow, asOf: Date(timeIntervalSince1970: 1_717_516_740))
        }
        // Without asOf, today is now.
        #expect(throws: IdentifierError.self) { try CitizenIdentityNumber(validating: IdentifierSamples.citizen("15010299991231123")) }
    }

    @Test("descriptions, interpolation, dump and errors never show the full number")
    func neverShown() throws {
        let number = try CitizenIdentityNumber(validating: IdentifierSamples.citizenExample, asOf: asOf)
        var dumped = ""
        dump(number, to: &dumped)
        for shown in ["\(number)", String(describing: number), String(reflecting: number), dumped, "\([number])"] {
            #expect(!shown.contains("19491231"), "\(shown)")
            #expect(shown.contains("110105********002X"))
        }
    }

    @Test("mask: first 6, eight asterisks, last 4; any other length fully masked")
    func mask() {
        #expect(CitizenIdentityNumber.mask("15010219900101123x") == "150102********123X")
        #expect(CitizenIdentityNumber.mask("150102") == "******")
        #expect(CitizenIdentityNumber.mask("") == "")
        #expect(CitizenIdentityNumber.mask("1501021990010112345") == "*******************")
    }

    /// An error about a citizen number quotes at most one of its characters: no run of 5 digits from it survives.
    static func expectNoNumber(in error: IdentifierError, input: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for message in [error.reason, error.reasonZH, error.description] {
            #expect(!message.contains(input), sourceLocation: sourceLocation)
            let scalars = Array(input.unicodeScalars)
            for start in 0...(scalars.count - 5) {
                let run = String(String.UnicodeScalarView(scalars[start..<(start + 5)]))
                if run.allSatisfy(\.isNumber) {
                    #expect(!message.contains(run), "\(message)", sourceLocation: sourceLocation)
                }
            }
        }
    }
}
