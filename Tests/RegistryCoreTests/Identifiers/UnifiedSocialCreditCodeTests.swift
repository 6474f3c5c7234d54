import Foundation
import RegistryCore
import Testing

/// A14.1: GB 32100-2015 unified social credit codes, without a database.
@Suite("Unified social credit code (A14.1)")
struct UnifiedSocialCreditCodeTests {
    @Test("GB 32100's worked example 91350100M000100Y43 is valid, and its parts are read")
    func example() throws {
        let code = try UnifiedSocialCreditCode(validating: IdentifierSamples.creditExample)
        #expect(code.value == "91350100M000100Y43")
        #expect(code.registrationAuthority == "9")
        #expect(code.organisationType == "1")
        #expect(code.divisionCode == "350100")
        #expect(code.organisationCode == "M000100Y4")
        #expect(code.checkCharacter == "3")
        #expect("\(code)" == "91350100M000100Y43")
        #expect(UnifiedSocialCreditCode.checkCharacter(for: "91350100M000100Y4") == "3")
    }

    @Test("the standard's own counter-example 91350100M000100Y4Z is refused: position 18 should be '3'")
    func standardCounterExample() {
        let error = #expect(throws: IdentifierError.self) { try UnifiedSocialCreditCode(validating: "91350100M000100Y4Z") }
        #expect(error?.problem == .checkCharacterMismatch(expected: "3", found: "'Z'"))
        #expect(error?.reason == "position 18 should be '3' (check character, GB 32100 MOD 31)")
        #expect(error?.reasonZH == "第18位应为“3”(校验码,GB 32100 MOD 31)")
        #expect(error?.requirement == "A14.1")
    }

    @Test("lower-case letters are accepted and normalised")
    func lowerCase() throws {
        let code = try UnifiedSocialCreditCode(validating: "91350100m000100y43")
        #expect(code.value == "91350100M000100Y43")
    }

    @Test("every single-character corruption of the example is refused, naming its position or the check character")
    func everyCorruptionRefused() {
        let corruptions = IdentifierSamples.creditCorruptions()
        #expect(corruptions.count > 18 * 50)
        for corruption in corruptions {
            let error = #expect(throws: IdentifierError.self, "\(corruption.position) \(corruption.replacement)") {
                try UnifiedSocialCreditCode(validating: corruption.text)
            }
            guard let error else { continue }
            #expect(error.kind == .unifiedSocialCreditCode)
            let inAlphabet = IdentifierSamples.creditAlphabet.contains(corruption.replacement)
            let allowedHere = inAlphabet && (!(3...8).contains(corruption.position) || corruption.replacement.isNumber)
            switch error.problem {
            case .notInAlphabet(let position, _):
                #expect(position == corruption.position && position != 18)
                #expect(!inAlphabet)
            case .notADigit(let position, _):
                #expect(position == corruption.position && (3...8).contains(position))
                #expect(inAlphabet && !allowedHere)
            case .checkCharacterMismatch(let expected, _):
                // Anything at 18, even outside the alphabet, is measured against the check character.
                #expect(allowedHere || corruption.position == 18)
                #expect(corruption.position == 18 ? expected == "3" : expected != "3")
            default:
                Issue.record("unexpected \(error.problem)")
            }
        }
    }

    @Test("messages name the failing position")
    func positionMessages() {
        let excluded = #expect(throws: IdentifierError.self) { try UnifiedSocialCreditCode(validating: "9135I100M000100Y43") }
        #expect(excluded?.reason.hasPrefix("position 5 'I' is not in the GB 32100 alphabet") == true)
        #expect(excluded?.reasonZH.hasPrefix("第5位“I”不在GB 32100代码字符集中") == true)
        let division = #expect(throws: IdentifierError.self) { try UnifiedSocialCreditCode(validating: "91350A00M000100Y43") }
        #expect(division?.reason == "position 6 'A' is not a digit (positions 3-8 are the division code)")
        #expect(division?.position == 6)
        let ideographicSpace = #expect(throws: IdentifierError.self) { try UnifiedSocialCreditCode(validating: "91350100M000100Y\u{3000}3") }
        #expect(ideographicSpace?.reason.hasPrefix("position 17 U+3000 is not in the GB 32100 alphabet") == true)
        let outsideAtEighteen = #expect(throws: IdentifierError.self) { try UnifiedSocialCreditCode(validating: "91350100M000100Y4O") }
        #expect(outsideAtEighteen?.reason == "position 18 should be '3' (check character, GB 32100 MOD 31)")
        let length = #expect(throws: IdentifierError.self) { try UnifiedSocialCreditCode(validating: "91350100M000100Y4") }
        #expect(length?.reason == "a unified social credit code has 18 characters, got 17")
        #expect(length?.reasonZH == "统一社会信用代码应为18位,实际为17位")
    }

    @Test("an all-digit code is a valid credit code")
    func allDigits() throws {
        let code = try UnifiedSocialCreditCode(validating: IdentifierSamples.allDigitCredit)
        #expect(code.organisationType == "2")
    }

    @Test("Codable as a plain string; decoding validates")
    func codable() throws {
        let code = try UnifiedSocialCreditCode(validating: IdentifierSamples.creditExample)
        let data = try JSONEncoder().encode([code])
        #expect(String(decoding: data, as: UTF8.self) == #"["91350100M000100Y43"]"#)
        #expect(try JSONDecoder().decode([UnifiedSocialCreditCode].self, from: data) == [code])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([UnifiedSocialCreditCode].self, from: Data(#"["91350100M000100Y4Z"]"#.utf8))
        }
    }
}
