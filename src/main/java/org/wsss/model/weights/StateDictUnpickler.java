package org.wsss.model.weights;

import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader that understands only what a PyTorch state dict is made of, so that reading a weight file can
 * never run code.
 *
 * <p>Python's own unpickler imports any module and calls any function a pickle names, which is how a malicious
 * {@code .pth} runs commands. This one builds plain values (str, int, float, bool, None, tuples as unmodifiable
 * lists, lists, dicts as {@link LinkedHashMap}s) and knows exactly three callables: {@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2} (which becomes a {@link TensorView}) and
 * {@code torch._utils._rebuild_parameter}. Other globals are accepted only from the caller's list of inert values
 * (the storage types), and only to be passed around, never called. Any other global, any call of something else,
 * object construction ({@code INST}, {@code OBJ}, {@code NEWOBJ}), {@code BUILD} on anything but a dict and every
 * opcode not listed below fail the whole read with a {@link WeightFileException} naming the offender and the file.
 */
final class StateDictUnpickler {

    /** A Python global named by the pickle; only allowed ones are ever created. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** A tensor as {@code _rebuild_tensor_v2} describes it: elements of a storage seen through offset and strides. */
    record TensorView(Object storage, long offset, long[] shape, long[] strides) {}

    /** Turns a persistent id, e.g. {@code ('storage', torch.FloatStorage, '0', 'cpu', 108)}, into a storage. */
    @FunctionalInterface
    interface PersistentLoader {
        Object load(List<Object> persistentId);
    }

    static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
    static final Global REBUILD_TENSOR = new Global("torch._utils", "_rebuild_tensor_v2");
    static final Global REBUILD_PARAMETER = new Global("torch._utils", "_rebuild_parameter");
    private static final Set<Global> CALLABLES = Set.of(ORDERED_DICT, REBUILD_TENSOR, REBUILD_PARAMETER);

    private static final int HIGHEST_PROTOCOL = 5;
    private static final int MAX_GLOBAL_NAME = 256;

    // The opcodes a state dict written by torch.save (protocol 2) or by later protocols uses.
    private static final int PROTO = 0x80;
    private static final int FRAME = 0x95;
    private static final int STOP = '.';
    private static final int MARK = '(';
    private static final int POP = '0';
    private static final int NONE = 'N';
    private static final int NEWTRUE = 0x88;
    private static final int NEWFALSE = 0x89;
    private static final int BININT = 'J';
    private static final int BININT1 = 'K';
    private static final int BININT2 = 'M';
    private static final int LONG1 = 0x8a;
    private static final int BINFLOAT = 'G';
    private static final int BINUNICODE = 'X';
    private static final int SHORT_BINUNICODE = 0x8c;
    private static final int BINUNICODE8 = 0x8d;
    private static final int EMPTY_TUPLE = ')';
    private static final int TUPLE = 't';
    private static final int TUPLE1 = 0x85;
    private static final int TUPLE2 = 0x86;
    private static final int TUPLE3 = 0x87;
    private static final int EMPTY_LIST = ']';
    private static final int LIST = 'l';
    private static final int APPEND = 'a';
    private static final int APPENDS = 'e';
    private static final int EMPTY_DICT = '}';
    private static final int DICT = 'd';
    private static final int SETITEM = 's';
    private static final int SETITEMS = 'u';
    private static final int BINPUT = 'q';
    private static final int LONG_BINPUT = 'r';
    private static final int MEMOIZE = 0x94;
    private static final int BINGET = 'h';
    private static final int LONG_BINGET = 'j';
    private static final int GLOBAL = 'c';
    private static final int STACK_GLOBAL = 0x93;
    private static final int BINPERSID = 'Q';
    private static final int REDUCE = 'R';
    private static final int BUILD = 'b';

    /** Names of opcodes that are refused, for messages. */
    private static final Map<Integer, String> REFUSED_NAMES = Map.ofEntries(
            Map.entry((int) 'i', "INST"), Map.entry((int) 'o', "OBJ"), Map.entry(0x81, "NEWOBJ"),
            Map.entry(0x92, "NEWOBJ_EX"), Map.entry((int) 'P', "PERSID"), Map.entry(0x82, "EXT1"),
            Map.entry(0x83, "EXT2"), Map.entry(0x84, "EXT4"), Map.entry((int) 'S', "STRING"),
            Map.entry((int) 'T', "BINSTRING"), Map.entry((int) 'U', "SHORT_BINSTRING"), Map.entry((int) 'I', "INT"),
            Map.entry((int) 'L', "LONG"), Map.entry((int) 'F', "FLOAT"), Map.entry((int) 'V', "UNICODE"),
            Map.entry((int) 'p', "PUT"), Map.entry((int) 'g', "GET"), Map.entry(0x96, "BYTEARRAY8"),
            Map.entry(0x97, "NEXT_BUFFER"), Map.entry(0x98, "READONLY_BUFFER"));

    private final ByteBuffer pickle;
    private final String source;
    private final Set<Global> inertGlobals;
    private final PersistentLoader persistentLoader;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int opcodeStart;

    private StateDictUnpickler(ByteBuffer pickle, String source, Set<Global> inertGlobals, PersistentLoader loader) {
        this.pickle = pickle;
        this.source = source;
        this.inertGlobals = inertGlobals;
        this.persistentLoader = loader;
    }

    /**
     * Reads one pickle from {@code pickle}'s position up to its STOP opcode, leaving the position after it.
     *
     * @param source the file and entry, for error messages
     * @param inertGlobals globals the pickle may name as values (never call), e.g. {@code torch.FloatStorage}
     */
    static Object load(ByteBuffer pickle, String source, Set<Global> inertGlobals, PersistentLoader loader) {
        ByteBuffer buffer = pickle.order(ByteOrder.LITTLE_ENDIAN);
        try {
            return new StateDictUnpickler(buffer, source, inertGlobals, loader).run();
        } catch (BufferUnderflowException e) {
            throw new WeightFileException(source + ": the pickle ends before its STOP opcode (truncated?)", e);
        }
    }

    private Object run() {
        while (true) {
            opcodeStart = pickle.position();
            int opcode = unsigned(pickle.get());
            switch (opcode) {
                case PROTO -> {
                    int protocol = unsigned(pickle.get());
                    if (protocol > HIGHEST_PROTOCOL) {
                        throw malformed("pickle protocol " + protocol + " is newer than any known");
                    }
                }
                case FRAME -> pickle.getLong(); // protocol 4 framing only hints at buffer sizes
                case STOP -> {
                    Object result = pop();
                    if (!stack.isEmpty()) {
                        throw malformed("the pickle leaves " + stack.size() + " values behind at STOP");
                    }
                    return result;
                }
                case MARK -> marks.push(stack.size());
                case POP -> pop();
                case NONE -> push(null);
                case NEWTRUE -> push(Boolean.TRUE);
                case NEWFALSE -> push(Boolean.FALSE);
                case BININT -> push((long) pickle.getInt());
                case BININT1 -> push((long) unsigned(pickle.get()));
                case BININT2 -> push((long) (pickle.getShort() & 0xFFFF));
                case LONG1 -> push(readLong(unsigned(pickle.get())));
                case BINFLOAT -> push(Double.longBitsToDouble(Long.reverseBytes(pickle.getLong())));
                case BINUNICODE -> push(readText(Integer.toUnsignedLong(pickle.getInt())));
                case SHORT_BINUNICODE -> push(readText(unsigned(pickle.get())));
                case BINUNICODE8 -> push(readText(pickle.getLong()));
                case EMPTY_TUPLE -> push(tuple(List.of()));
                case TUPLE -> push(tuple(popToMark()));
                case TUPLE1 -> push(tuple(popLast(1)));
                case TUPLE2 -> push(tuple(popLast(2)));
                case TUPLE3 -> push(tuple(popLast(3)));
                case EMPTY_LIST -> push(new ArrayList<>());
                case LIST -> push(new ArrayList<>(popToMark()));
                case APPEND -> {
                    Object item = pop();
                    list(peek()).add(item);
                }
                case APPENDS -> {
                    List<Object> items = popToMark();
                    list(peek()).addAll(items);
                }
                case EMPTY_DICT -> push(new LinkedHashMap<>());
                case DICT -> {
                    Map<Object, Object> dict = new LinkedHashMap<>();
                    putPairs(dict, popToMark());
                    push(dict);
                }
                case SETITEM -> {
                    Object value = pop();
                    Object key = pop();
                    putItem(dict(peek()), key, value);
                }
                case SETITEMS -> {
                    List<Object> pairs = popToMark();
                    putPairs(dict(peek()), pairs);
                }
                case BINPUT -> memo.put((long) unsigned(pickle.get()), peek());
                case LONG_BINPUT -> memo.put(Integer.toUnsignedLong(pickle.getInt()), peek());
                case MEMOIZE -> memo.put((long) memo.size(), peek());
                case BINGET -> push(recall(unsigned(pickle.get())));
                case LONG_BINGET -> push(recall(Integer.toUnsignedLong(pickle.getInt())));
                case GLOBAL -> {
                    String module = readLine();
                    push(global(module, readLine()));
                }
                case STACK_GLOBAL -> {
                    String name = text(pop());
                    push(global(text(pop()), name));
                }
                case BINPERSID -> push(persistentLoader.load(tupleArgument(pop(), "a persistent id")));
                case REDUCE -> {
                    List<Object> arguments = tupleArgument(pop(), "REDUCE's arguments");
                    push(call(pop(), arguments));
                }
                case BUILD -> {
                    Object state = pop();
                    build(peek(), state);
                }
                default -> throw refused("pickle opcode " + describe(opcode) + " at byte " + opcodeStart
                        + " is not one a state dict uses");
            }
        }
    }

    /** The only calls a state dict makes; anything else is refused before it could run. */
    private Object call(Object callable, List<Object> arguments) {
        if (!(callable instanceof Global function) || !CALLABLES.contains(function)) {
            throw refused("the pickle calls " + (callable instanceof Global g ? g : describeValue(callable))
                    + ", which a state dict never calls");
        }
        if (function.equals(ORDERED_DICT)) {
            Map<Object, Object> dict = new LinkedHashMap<>();
            if (!arguments.isEmpty()) {
                for (Object pair : list(arguments.get(0))) {
                    putPairs(dict, tupleArgument(pair, "an OrderedDict item"));
                }
            }
            return dict;
        }
        if (function.equals(REBUILD_PARAMETER)) {
            if (arguments.isEmpty() || !(arguments.get(0) instanceof TensorView tensor)) {
                throw malformed("_rebuild_parameter is not given a tensor");
            }
            return tensor;
        }
        return rebuildTensor(arguments);
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private TensorView rebuildTensor(List<Object> arguments) {
        if (arguments.size() < 4 || arguments.get(0) == null) {
            throw malformed("_rebuild_tensor_v2 is given " + arguments.size() + " arguments, expected 6 or 7");
        }
        long offset = integer(arguments.get(1), "a storage offset");
        long[] shape = integers(arguments.get(2), "a tensor size");
        long[] strides = integers(arguments.get(3), "tensor strides");
        if (shape.length != strides.length) {
            throw malformed("a tensor has size " + Arrays.toString(shape) + " but strides " + Arrays.toString(strides));
        }
        return new TensorView(arguments.get(0), offset, shape, strides);
    }

    private void build(Object target, Object state) {
        if (!(target instanceof Map)) {
            throw refused("BUILD sets the state of " + describeValue(target) + "; only a dict's is accepted");
        }
        if (state != null && !(state instanceof Map)) {
            throw refused("BUILD gives a dict the state " + describeValue(state) + "; only a dict is accepted");
        }
        // A state dict's only instance state is its _metadata (module versions), which loading does not need.
    }

    private Global global(String module, String name) {
        Global global = new Global(module, name);
        if (CALLABLES.contains(global) || inertGlobals.contains(global)) {
            return global;
        }
        throw refused("the pickle refers to " + global + ", which a state dict never needs");
    }

    private WeightFileException refused(String reason) {
        return new WeightFileException(source + ": " + reason
                + "; refused without running anything (a weight file must not run code)");
    }

    private WeightFileException malformed(String problem) {
        return new WeightFileException(source + ": " + problem + " (at byte " + opcodeStart + " of the pickle)");
    }

    private Object readLong(int length) {
        byte[] bigEndian = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            bigEndian[i] = pickle.get();
        }
        if (length == 0) {
            return 0L;
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private String readText(long length) {
        if (length < 0 || length > pickle.remaining()) {
            throw malformed("a string of " + length + " bytes runs past the end of the pickle");
        }
        byte[] bytes = new byte[(int) length];
        pickle.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private String readLine() {
        StringBuilder line = new StringBuilder();
        for (byte b = pickle.get(); b != '\n'; b = pickle.get()) {
            if (line.length() == MAX_GLOBAL_NAME) {
                throw malformed("a global's name is longer than " + MAX_GLOBAL_NAME + " characters");
            }
            line.append((char) unsigned(b));
        }
        return line.toString();
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() == stack.size())) {
            throw malformed("an opcode needs a value but the stack is empty");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty()) {
            throw malformed("an opcode needs a value but the stack is empty");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popToMark() {
        if (marks.isEmpty()) {
            throw malformed("an opcode needs a MARK but there is none");
        }
        return popFrom(marks.pop());
    }

    private List<Object> popLast(int count) {
        int from = stack.size() - count;
        if (from < 0 || (!marks.isEmpty() && marks.peek() > from)) {
            throw malformed("a tuple needs " + count + " values but the stack holds fewer");
        }
        return popFrom(from);
    }

    private List<Object> popFrom(int from) {
        List<Object> top = stack.subList(from, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private Object recall(long key) {
        if (!memo.containsKey(key)) {
            throw malformed("memo slot " + key + " is read before it is written");
        }
        return memo.get(key);
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    private void putPairs(Map<Object, Object> dict, List<Object> pairs) {
        if (pairs.size() % 2 != 0) {
            throw malformed("a dict is given an odd number of keys and values");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            putItem(dict, pairs.get(i), pairs.get(i + 1));
        }
    }

    private void putItem(Map<Object, Object> dict, Object key, Object value) {
        // Containers as keys could be self-referential (through the memo) and hash forever.
        if (!(key == null || key instanceof String || key instanceof Long || key instanceof BigInteger
                || key instanceof Double || key instanceof Boolean)) {
            throw refused("a dict is given " + describeValue(key) + " as a key; only str, int, float, bool "
                    + "and None are accepted");
        }
        dict.put(key, value);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object value) {
        if (value instanceof ArrayList<?> list) {
            return (List<Object>) list;
        }
        throw refused("the pickle appends to " + describeValue(value) + "; only lists are accepted");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        throw refused("the pickle sets items of " + describeValue(value) + "; only dicts are accepted");
    }

    @SuppressWarnings("unchecked")
    private List<Object> tupleArgument(Object value, String what) {
        if (value instanceof List<?> items) {
            return (List<Object>) items;
        }
        throw malformed(what + " is " + describeValue(value) + ", not a tuple");
    }

    private String text(Object value) {
        if (value instanceof String string) {
            return string;
        }
        throw malformed("STACK_GLOBAL is given " + describeValue(value) + " instead of a name");
    }

    private long integer(Object value, String what) {
        if (value instanceof Long number) {
            return number;
        }
        throw malformed(what + " is " + describeValue(value) + ", not an integer");
    }

    private long[] integers(Object value, String what) {
        List<Object> items = tupleArgument(value, what);
        long[] numbers = new long[items.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = integer(items.get(i), what);
            if (numbers[i] < 0) {
                throw malformed(what + " holds the negative value " + numbers[i]);
            }
        }
        return numbers;
    }

    /** A value as Python would name its type, for messages: {@code None}, {@code torch.FloatStorage}, {@code a list}. */
    static String describeValue(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Global global) {
            return global.toString();
        }
        String type;
        if (value instanceof TensorView) {
            type = "tensor";
        } else if (value instanceof ArrayList) {
            type = "list";
        } else if (value instanceof List) {
            type = "tuple";
        } else if (value instanceof Map) {
            type = "dict";
        } else if (value instanceof String) {
            type = "str";
        } else if (value instanceof Long || value instanceof BigInteger) {
            type = "int";
        } else if (value instanceof Double) {
            type = "float";
        } else if (value instanceof Boolean) {
            type = "bool";
        } else {
            type = value.getClass().getSimpleName();
        }
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static String describe(int opcode) {
        String hex = String.format(Locale.ROOT, "0x%02x", opcode);
        String name = REFUSED_NAMES.get(opcode);
        return name != null ? name + " (" + hex + ")" : hex;
    }

    private static int unsigned(byte value) {
        return value & 0xFF;
    }
}
