package io.cpimon.simulator.odata;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Parses an OData V2 {@code $filter} into a predicate. Supports {@code eq ne gt ge lt le},
 * {@code and or not}, parentheses, string literals ({@code 'it''s'}), {@code datetime'yyyy-MM-ddTHH:mm[:ss[.fffffff]]'}
 * literals read as UTC (a zone suffix is rejected), integers, {@code true false null}, property paths such as
 * {@code IntegrationArtifact/Id}, and the functions {@code substringof}, {@code startswith}, {@code endswith}.
 * Anything else raises {@link ODataException} (400). Stateless apart from the property table.
 */
public final class FilterParser<T> {

    private static final DateTimeFormatter DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm")
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private final Map<String, Property<T>> properties;

    public FilterParser(Map<String, Property<T>> properties) {
        this.properties = Map.copyOf(properties);
    }

    /** Parses {@code filter}; throws {@link ODataException} 400 with a message naming the problem. */
    public Filter<T> parse(String filter) {
        Objects.requireNonNull(filter, "filter");
        Lexer lexer = new Lexer(filter);
        Parser p = new Parser(lexer.tokens(), filter);
        Node node = p.expression();
        if (!p.atEnd()) {
            throw bad("unexpected '" + p.peek().text + "' at position " + p.peek().pos, filter);
        }
        if (!(node.type == Property.Type.BOOLEAN)) {
            throw bad("the expression is not a boolean condition", filter);
        }
        List<Bound> bounds = new ArrayList<>();
        collectBounds(node, bounds);
        return new Filter<>(node, List.copyOf(bounds));
    }

    /**
     * A comparison of a property with a non-null literal, written property first ({@code LogEnd ge datetime'…'};
     * {@code datetime'…' le LogEnd} reads as {@code LogEnd ge datetime'…'}). {@code op} is one of
     * {@code eq ne gt ge lt le}; {@code value} is never null.
     */
    public record Bound(String property, String op, Object value) {
    }

    /**
     * A parsed filter: the predicate, and the comparisons every matching item satisfies because they are
     * operands of the filter's top-level {@code and} chain (parentheses included, {@code or}/{@code not} excluded).
     * A caller holding an index on a property can narrow its candidates with them and still test the predicate.
     * Immutable and thread-safe.
     */
    public static final class Filter<T> implements Predicate<T> {
        private final Node root;
        private final List<Bound> bounds;

        private Filter(Node root, List<Bound> bounds) {
            this.root = root;
            this.bounds = bounds;
        }

        @Override
        public boolean test(T item) {
            return Boolean.TRUE.equals(root.eval(item));
        }

        /** The comparisons of the top-level conjunction, in the order they appear. */
        public List<Bound> bounds() {
            return bounds;
        }
    }

    private static void collectBounds(Node node, List<Bound> out) {
        if (node instanceof And and) {
            collectBounds(and.left, out);
            collectBounds(and.right, out);
        } else if (node instanceof Comparison c) {
            if (c.left instanceof PropertyRef<?> ref && c.right instanceof Literal lit && lit.value != null) {
                out.add(new Bound(ref.property.name(), c.op, lit.value));
            } else if (c.right instanceof PropertyRef<?> ref && c.left instanceof Literal lit && lit.value != null) {
                out.add(new Bound(ref.property.name(), mirrored(c.op), lit.value));
            }
        }
    }

    private static String mirrored(String op) {
        return switch (op) {
            case "gt" -> "lt";
            case "ge" -> "le";
            case "lt" -> "gt";
            case "le" -> "ge";
            default -> op;
        };
    }

    private static ODataException bad(String what, String filter) {
        return ODataException.badRequest("Invalid filter expression: " + what + " in '" + filter + "'");
    }

    // ---------------------------------------------------------------- lexer

    private enum Kind { LPAREN, RPAREN, COMMA, WORD, STRING, DATETIME, NUMBER, END }

    private record Token(Kind kind, String text, int pos) {
    }

    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            while (true) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= s.length()) {
                    out.add(new Token(Kind.END, "<end>", i));
                    return out;
                }
                int start = i;
                char c = s.charAt(i);
                if (c == '(') {
                    i++;
                    out.add(new Token(Kind.LPAREN, "(", start));
                } else if (c == ')') {
                    i++;
                    out.add(new Token(Kind.RPAREN, ")", start));
                } else if (c == ',') {
                    i++;
                    out.add(new Token(Kind.COMMA, ",", start));
                } else if (c == '\'') {
                    out.add(new Token(Kind.STRING, quoted(), start));
                } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                    i++;
                    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
                        i++;
                    }
                    out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
                } else if (Character.isLetter(c) || c == '_' || c == '$') {
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                            || s.charAt(i) == '/' || s.charAt(i) == '.')) {
                        i++;
                    }
                    String word = s.substring(start, i);
                    if (i < s.length() && s.charAt(i) == '\'') {
                        String lower = word.toLowerCase(Locale.ROOT);
                        if (lower.equals("datetime")) {
                            out.add(new Token(Kind.DATETIME, quoted(), start));
                            continue;
                        }
                        throw bad("unsupported literal type '" + word + "' at position " + start, s);
                    }
                    out.add(new Token(Kind.WORD, word, start));
                } else {
                    throw bad("unexpected character '" + c + "' at position " + start, s);
                }
            }
        }

        private String quoted() {
            int start = i;
            i++; // opening quote
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw bad("unterminated string literal starting at position " + start, s);
                }
                char c = s.charAt(i++);
                if (c == '\'') {
                    if (i < s.length() && s.charAt(i) == '\'') {
                        b.append('\'');
                        i++;
                    } else {
                        return b.toString();
                    }
                } else {
                    b.append(c);
                }
            }
        }
    }

    // ---------------------------------------------------------------- AST

    private abstract static class Node {
        final Property.Type type; // null for the null literal

        Node(Property.Type type) {
            this.type = type;
        }

        abstract Object eval(Object item);
    }

    private static final class Literal extends Node {
        final Object value;

        Literal(Property.Type type, Object value) {
            super(type);
            this.value = value;
        }

        @Override
        Object eval(Object item) {
            return value;
        }
    }

    private static final class PropertyRef<T> extends Node {
        final Property<T> property;

        PropertyRef(Property<T> property) {
            super(property.type());
            this.property = property;
        }

        @Override
        @SuppressWarnings("unchecked")
        Object eval(Object item) {
            return property.reader().apply((T) item);
        }
    }

    private interface Evaluator {
        Object eval(Object item);
    }

    private static final class Computed extends Node {
        final Evaluator evaluator;

        Computed(Property.Type type, Evaluator evaluator) {
            super(type);
            this.evaluator = evaluator;
        }

        @Override
        Object eval(Object item) {
            return evaluator.eval(item);
        }
    }

    /** {@code left and right}: kept as its own node so that {@link #collectBounds} can see the conjunction. */
    private static final class And extends Node {
        final Node left;
        final Node right;

        And(Node left, Node right) {
            super(Property.Type.BOOLEAN);
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Object item) {
            return Boolean.TRUE.equals(left.eval(item)) && Boolean.TRUE.equals(right.eval(item));
        }
    }

    /** {@code left op right}; the operator is resolved once, when parsed. */
    private static final class Comparison extends Node {
        private static final int EQ = 0;
        private static final int NE = 1;
        private static final int GT = 2;
        private static final int GE = 3;
        private static final int LT = 4;
        private static final int LE = 5;

        final Node left;
        final String op;
        final Node right;
        private final int code;

        Comparison(Node left, String op, Node right) {
            super(Property.Type.BOOLEAN);
            this.left = left;
            this.op = op;
            this.right = right;
            this.code = switch (op) {
                case "eq" -> EQ;
                case "ne" -> NE;
                case "gt" -> GT;
                case "ge" -> GE;
                case "lt" -> LT;
                default -> LE;
            };
        }

        @Override
        Object eval(Object item) {
            Object a = left.eval(item);
            Object b = right.eval(item);
            if (a == null || b == null) {
                return switch (code) {
                    case EQ -> a == b;
                    case NE -> a != b;
                    default -> false;
                };
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            int c = ((Comparable) a).compareTo(b);
            return switch (code) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                default -> c <= 0;
            };
        }
    }

    // ---------------------------------------------------------------- parser

    private final class Parser {
        private final List<Token> tokens;
        private final String text;
        private int p;

        Parser(List<Token> tokens, String text) {
            this.tokens = tokens;
            this.text = text;
        }

        Token peek() {
            return tokens.get(p);
        }

        boolean atEnd() {
            return peek().kind == Kind.END;
        }

        boolean keyword(String k) {
            Token t = peek();
            if (t.kind == Kind.WORD && t.text.equals(k)) {
                p++;
                return true;
            }
            return false;
        }

        Node expression() {
            Node left = and();
            while (keyword("or")) {
                Node right = and();
                left = logical(left, right, "or");
            }
            return left;
        }

        Node and() {
            Node left = unary();
            while (keyword("and")) {
                Node right = unary();
                left = logical(left, right, "and");
            }
            return left;
        }

        Node logical(Node l, Node r, String op) {
            requireBoolean(l, op);
            requireBoolean(r, op);
            if (op.equals("or")) {
                return new Computed(Property.Type.BOOLEAN, item -> Boolean.TRUE.equals(l.eval(item)) || Boolean.TRUE.equals(r.eval(item)));
            }
            return new And(l, r);
        }

        void requireBoolean(Node n, String op) {
            if (n.type != Property.Type.BOOLEAN) {
                throw bad("operand of '" + op + "' is not a boolean condition", text);
            }
        }

        Node unary() {
            if (keyword("not")) {
                Node inner = unary();
                requireBoolean(inner, "not");
                return new Computed(Property.Type.BOOLEAN, item -> !Boolean.TRUE.equals(inner.eval(item)));
            }
            return comparison();
        }

        Node comparison() {
            Node left = primary();
            Token t = peek();
            if (t.kind == Kind.WORD) {
                String op = t.text;
                switch (op) {
                    case "eq", "ne", "gt", "ge", "lt", "le" -> {
                        p++;
                        Node right = primary();
                        return compare(left, op, right);
                    }
                    case "and", "or" -> {
                        return left;
                    }
                    default -> throw bad("unknown operator '" + op + "' at position " + t.pos, text);
                }
            }
            return left;
        }

        Node compare(Node l, String op, Node r) {
            if (l.type != null && r.type != null && l.type != r.type) {
                throw bad("cannot compare " + l.type + " with " + r.type + " using '" + op + "'", text);
            }
            if (l.type == Property.Type.BOOLEAN && !(op.equals("eq") || op.equals("ne"))) {
                throw bad("operator '" + op + "' is not defined for booleans", text);
            }
            return new Comparison(l, op, r);
        }

        Node primary() {
            Token t = peek();
            switch (t.kind) {
                case LPAREN -> {
                    p++;
                    Node inner = expression();
                    expect(Kind.RPAREN);
                    return inner;
                }
                case STRING -> {
                    p++;
                    return new Literal(Property.Type.STRING, t.text);
                }
                case DATETIME -> {
                    p++;
                    return new Literal(Property.Type.DATETIME, datetime(t));
                }
                case NUMBER -> {
                    p++;
                    try {
                        String n = t.text.endsWith("L") || t.text.endsWith("l") ? t.text.substring(0, t.text.length() - 1) : t.text;
                        return new Literal(Property.Type.INT, Long.parseLong(n));
                    } catch (NumberFormatException e) {
                        throw bad("unsupported number '" + t.text + "'", text);
                    }
                }
                case WORD -> {
                    p++;
                    switch (t.text) {
                        case "null" -> {
                            return new Literal(null, null);
                        }
                        case "true" -> {
                            return new Literal(Property.Type.BOOLEAN, Boolean.TRUE);
                        }
                        case "false" -> {
                            return new Literal(Property.Type.BOOLEAN, Boolean.FALSE);
                        }
                        default -> {
                            if (peek().kind == Kind.LPAREN) {
                                return function(t);
                            }
                            Property<T> prop = properties.get(t.text);
                            if (prop == null) {
                                throw bad("unknown property '" + t.text + "'", text);
                            }
                            return new PropertyRef<>(prop);
                        }
                    }
                }
                default -> throw bad("expected an operand at position " + t.pos + " but found '" + t.text + "'", text);
            }
        }

        Node function(Token name) {
            expect(Kind.LPAREN);
            List<Node> args = new ArrayList<>();
            if (peek().kind != Kind.RPAREN) {
                args.add(expression());
                while (peek().kind == Kind.COMMA) {
                    p++;
                    args.add(expression());
                }
            }
            expect(Kind.RPAREN);
            String fn = name.text;
            if (!(fn.equals("substringof") || fn.equals("startswith") || fn.equals("endswith"))) {
                throw bad("unsupported function '" + fn + "'", text);
            }
            if (args.size() != 2 || args.get(0).type != Property.Type.STRING || args.get(1).type != Property.Type.STRING) {
                throw bad("function '" + fn + "' takes two strings", text);
            }
            Node a = args.get(0);
            Node b = args.get(1);
            return new Computed(Property.Type.BOOLEAN, item -> {
                Object x = a.eval(item);
                Object y = b.eval(item);
                if (x == null || y == null) {
                    return false;
                }
                return switch (fn) {
                    case "substringof" -> y.toString().contains(x.toString());
                    case "startswith" -> x.toString().startsWith(y.toString());
                    default -> x.toString().endsWith(y.toString());
                };
            });
        }

        void expect(Kind kind) {
            Token t = peek();
            if (t.kind != kind) {
                throw bad("expected " + kind + " at position " + t.pos + " but found '" + t.text + "'", text);
            }
            p++;
        }

        Instant datetime(Token t) {
            String v = t.text;
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                throw bad("datetime literal '" + v + "' carries a zone; CPI reads datetime literals as UTC without a zone", text);
            }
            try {
                return LocalDateTime.parse(v, DATETIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw bad("malformed datetime literal '" + v + "' (expected yyyy-MM-ddTHH:mm:ss[.SSS])", text);
            }
        }
    }
}
