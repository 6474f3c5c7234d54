/// A reference data file that cannot be loaded, with the file and line at fault.
public struct ReferenceDataError: Error, Sendable, Hashable, CustomStringConvertible, RegistryErrorConvertible {
    /// The file name (e.g. `divisions-150000.tsv`).
    public var file: String
    /// The 1-based line number, when one line is at fault.
    public var line: Int?
    /// What is wrong, in words a person can act on.
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { "\(file):\(line): \(message)" } else { "\(file): \(message)" }
    }

    public var registryError: RegistryError {
        RegistryError(.invalidInput, "参考数据文件有误:\(description)", field: file)
    }
}
