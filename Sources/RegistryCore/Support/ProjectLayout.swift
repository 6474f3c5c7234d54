import Foundation

/// Where the registry finds the files it ships with: `sql/` (migrations and reference data), `reports/` (report
/// wording and styles) and `web/` (the workspace's templates and stylesheet), so an authority can change them without
/// rebuilding.
///
/// `REGISTRY_HOME` names the directory holding them; otherwise the current directory and then the executable's
/// directory are searched upwards for one that has `sql/`.
public struct ProjectLayout: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public var migrations: URL { root.appendingPathComponent("sql") }
    public var referenceData: URL { migrations.appendingPathComponent("reference") }
    public var reports: URL { root.appendingPathComponent("reports") }
    public var web: URL { root.appendingPathComponent("web") }

    /// Finds the layout from the environment, the working directory or the executable's location.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ProjectLayout {
        if let home = environment["REGISTRY_HOME"] {
            return ProjectLayout(root: URL(fileURLWithPath: home))
        }
        let starts = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent(),
        ]
        for start in starts {
            var directory = start.standardizedFileURL
            while true {
                if FileManager.default.fileExists(atPath: directory.appendingPathComponent("sql/reference").path) {
                    return ProjectLayout(root: directory)
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        throw RegistryError(.unavailable, "找不到 sql/ 目录:请在项目目录中运行,或设置 REGISTRY_HOME。")
    }
}
