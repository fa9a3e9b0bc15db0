/// A page's view model: the fields its template reads, typed. Each page builds one (`StartModel`,
/// `ProposalsModel`, …) and `Pages.render` shows it with its template, so a page cannot leave a
/// field out or give it the wrong kind of value.
///
/// A model reaches its template as the dictionaries its encoding makes (`TemplateValues`), read by
/// the fields' names. A nil optional is left out: its section is not shown, and a lookup of it
/// climbs to the enclosing objects (the page, then the frame), so a repeated item does not reuse a
/// name the page gives another meaning. A Bool opens its section only when true, an array when it
/// has items; a string opens its section even when empty (hence the optionals).
protocol PageModel: Encodable {
    /// The template (`Pages/Templates/<template>.mustache`) that shows this model.
    static var template: String { get }
    /// The page's title, in the browser's tab and its history.
    var title: String { get }
}

/// What every template may read beside its page's model: the language, the page words (`t.…`),
/// the logged-in person with their links, and the session's CSRF token for the page's forms.
struct PageFrame {
    var lang: String
    var t: [String: String]
    var user: UserModel?
    var csrf: String?
}

/// The person logged in, as the page's header shows them.
struct UserModel: Encodable {
    var login: String
    var organisationName: String
    var roleName: String
    var csrf: String
    var links: [LinkModel]
}

/// A link: where it goes and what it says.
struct LinkModel: Encodable {
    var href: String
    var label: String
}

/// One choice of a `select`, or of a group of radio buttons, and whether it is the chosen one.
struct ChoiceModel: Encodable {
    var value: String
    var label: String
    var selected: Bool
}

/// A model as its template reads it: a value encoded into dictionaries keyed by field name, arrays,
/// strings, numbers and Bools. The templates look names up in these dictionaries, which is several
/// times faster than reflecting on the structs at every lookup (a review queue of 100 proposals
/// rendered in 95 ms that way, against 25 ms from dictionaries).
enum TemplateValues {
    /// The value of `model` with `frame`'s fields beside its own (the model's win a clash).
    static func make<Model: PageModel>(_ model: Model, frame: PageFrame) -> [String: Any] {
        var values = encode(model) as? [String: Any] ?? [:]
        // The words are a dictionary already, made once per language.
        let common: [String: Any?] = ["lang": frame.lang, "t": frame.t, "user": frame.user.map { encode($0) }, "csrf": frame.csrf]
        for case let (key, value?) in common where values[key] == nil { values[key] = value }
        return values
    }

    static func encode<Value: Encodable>(_ value: Value) -> Any {
        // Encoding into these nodes throws nowhere; a model that did would render as empty.
        (try? Node.make(value)).map(Node.resolve) ?? [String: Any]()
    }

    /// One encoded value while it is being built: a single value, fields by name, or a list. Fields
    /// and items that are single values are kept as they are; a node only for what nests.
    final class Node {
        var single: Any?
        var keyed: [String: Any]?
        var unkeyed: [Any]?

        var value: Any {
            if let keyed { return keyed.mapValues(Node.resolve) }
            if let unkeyed { return unkeyed.map(Node.resolve) }
            return single ?? ""
        }

        static func resolve(_ value: Any) -> Any { (value as? Node)?.value ?? value }

        /// A value as it is kept in its parent: itself when it is a string, a Bool or a number, a node otherwise.
        static func make<Value: Encodable>(_ value: Value) throws -> Any {
            switch value {
            case let text as String: return text
            case let flag as Bool: return flag
            case let number as Int: return number
            default:
                let node = Node()
                try value.encode(to: NodeEncoder(node: node, codingPath: []))
                return node
            }
        }
    }

    struct NodeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if node.keyed == nil { node.keyed = [:] }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if node.unkeyed == nil { node.unkeyed = [] }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        func put(_ value: Any, _ key: Key) { node.keyed?[key.stringValue] = value }
        mutating func encodeNil(forKey key: Key) throws {}
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { put(value, key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { put(value, key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { node.keyed?[key.stringValue] = try Node.make(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = Node()
            node.keyed?[key.stringValue] = child
            return NodeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Node()
            node.keyed?[key.stringValue] = child
            return NodeEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node, codingPath: codingPath) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int { node.unkeyed?.count ?? 0 }

        func put(_ value: Any) { node.unkeyed?.append(value) }
        mutating func encodeNil() throws {}
        mutating func encode(_ value: Bool) throws { put(value) }
        mutating func encode(_ value: String) throws { put(value) }
        mutating func encode(_ value: Double) throws { put(value) }
        mutating func encode(_ value: Float) throws { put(value) }
        mutating func encode(_ value: Int) throws { put(value) }
        mutating func encode(_ value: Int8) throws { put(value) }
        mutating func encode(_ value: Int16) throws { put(value) }
        mutating func encode(_ value: Int32) throws { put(value) }
        mutating func encode(_ value: Int64) throws { put(value) }
        mutating func encode(_ value: UInt) throws { put(value) }
        mutating func encode(_ value: UInt8) throws { put(value) }
        mutating func encode(_ value: UInt16) throws { put(value) }
        mutating func encode(_ value: UInt32) throws { put(value) }
        mutating func encode(_ value: UInt64) throws { put(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { node.unkeyed?.append(try Node.make(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = Node()
            node.unkeyed?.append(child)
            return NodeEncoder(node: child, codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Node()
            node.unkeyed?.append(child)
            return NodeEncoder(node: child, codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node, codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws {}
        mutating func encode(_ value: Bool) throws { node.single = value }
        mutating func encode(_ value: String) throws { node.single = value }
        mutating func encode(_ value: Double) throws { node.single = value }
        mutating func encode(_ value: Float) throws { node.single = value }
        mutating func encode(_ value: Int) throws { node.single = value }
        mutating func encode(_ value: Int8) throws { node.single = value }
        mutating func encode(_ value: Int16) throws { node.single = value }
        mutating func encode(_ value: Int32) throws { node.single = value }
        mutating func encode(_ value: Int64) throws { node.single = value }
        mutating func encode(_ value: UInt) throws { node.single = value }
        mutating func encode(_ value: UInt8) throws { node.single = value }
        mutating func encode(_ value: UInt16) throws { node.single = value }
        mutating func encode(_ value: UInt32) throws { node.single = value }
        mutating func encode(_ value: UInt64) throws { node.single = value }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let encoded = try Node.make(value)
            guard let nested = encoded as? Node else { return node.single = encoded }
            node.single = nested.single
            node.keyed = nested.keyed
            node.unkeyed = nested.unkeyed
        }
    }
}
