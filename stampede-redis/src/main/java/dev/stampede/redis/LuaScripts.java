package dev.stampede.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs Lua scripts by their SHA1 digest (computed here, as Redis computes it: {@code EVALSHA}), and by their text where
 * the node that owns the keys has not got it (new, restarted, flushed, or a replica promoted on a Redis Cluster), which
 * leaves it cached there. Scripts are never loaded ahead with {@code SCRIPT LOAD}: on a Redis Cluster Lettuce sends that
 * to every node it knows, and after a failover the dead master is still one of them, so the load failed for as long as
 * the dead node stayed in the cluster's table. On a Redis Cluster every script's keys must share one hash
 * slot (a hash tag): Redis refuses a script across slots ({@code CROSSSLOT}).
 */
final class LuaScripts {

    private final RedisClusterCommands<String, String> redis;
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    LuaScripts(RedisClusterCommands<String, String> redis) {
        this.redis = redis;
    }

    @SuppressWarnings("unchecked")
    <T> T run(String script, ScriptOutputType type, List<String> keys, String... args) {
        String[] keyArray = keys.toArray(String[]::new);
        String sha = shas.computeIfAbsent(script, LuaScripts::sha1);
        try {
            return (T) redis.evalsha(sha, type, keyArray, args);
        } catch (RedisNoScriptException e) {
            // This node has not got it (restarted, flushed, or a replica promoted on a Redis Cluster, whose script
            // cache is its own): EVAL runs it on the node that owns the keys, and leaves it cached there.
            return (T) redis.eval(script, type, keyArray, args);
        }
    }

    /** The script's SHA1 digest in lower-case hex: its name for {@code EVALSHA} (Redis's {@code SCRIPT LOAD} answer). */
    private static String sha1(String script) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
