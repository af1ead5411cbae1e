package io.metastream.domain.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Persona identity over a file: units (dialogues, or SPC sides) whose persona sentences share at least
 * {@link #MIN_SHARED} normalised sentences are one persona; the relation is closed transitively with a
 * union-find. A sentence → units index finds the overlapping units without comparing all pairs.
 */
final class PersonaClusters {
    /** One shared sentence is common ("i like to read"); two identify a persona in ConvAI2 and SPC. */
    static final int MIN_SHARED = 2;

    private final Map<String, List<Integer>> unitsBySentence = new HashMap<>();
    private final List<Set<String>> sentencesByUnit = new ArrayList<>();
    private final Map<Integer, Integer> indexByUnit = new HashMap<>();
    private int[] parent = new int[16];
    private String[] idByIndex;

    /** Registers a unit's persona sentences; a unit seen again (second pass) is ignored. */
    void add(int unit, List<String> facts) {
        if (idByIndex != null) {
            throw new IllegalStateException("clusters are already resolved");
        }
        if (indexByUnit.containsKey(unit)) {
            return;
        }
        int index = sentencesByUnit.size();
        indexByUnit.put(unit, index);
        Set<String> sentences = new LinkedHashSet<>();
        for (String f : facts) {
            sentences.add(PersonaIdentity.normalise(f));
        }
        sentencesByUnit.add(sentences);
        if (index == parent.length) {
            parent = java.util.Arrays.copyOf(parent, index * 2);
        }
        parent[index] = index;
        Map<Integer, Integer> shared = new HashMap<>();
        for (String s : sentences) {
            List<Integer> others = unitsBySentence.computeIfAbsent(s, k -> new ArrayList<>());
            for (int other : others) {
                if (shared.merge(other, 1, Integer::sum) == MIN_SHARED) {
                    union(index, other);
                }
            }
            others.add(index);
        }
    }

    /** Derives the persona id of every cluster from the sorted distinct sentences of all its units. */
    void resolve() {
        int n = sentencesByUnit.size();
        Map<Integer, Set<String>> byRoot = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byRoot.computeIfAbsent(find(i), k -> new TreeSet<>()).addAll(sentencesByUnit.get(i));
        }
        Map<Integer, String> idByRoot = new HashMap<>();
        byRoot.forEach((root, sentences) -> idByRoot.put(root, PersonaIdentity.idFor(sentences)));
        idByIndex = new String[n];
        for (int i = 0; i < n; i++) {
            idByIndex[i] = idByRoot.get(find(i));
        }
        unitsBySentence.clear();
    }

    /** The persona id of a registered unit, after {@link #resolve()}. */
    String personaOf(int unit) {
        Integer index = indexByUnit.get(unit);
        if (idByIndex == null || index == null) {
            throw new IllegalStateException("unit " + unit + " was not registered before resolve()");
        }
        return idByIndex[index];
    }

    int personas() {
        return idByIndex == null ? 0 : (int) java.util.Arrays.stream(idByIndex).distinct().count();
    }

    private int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
