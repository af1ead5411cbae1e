package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.model.text.Encoded;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TokenBatch;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PairTokenizerTest {

  private static PairTokenizer tok;

  @BeforeAll
  static void open() throws IOException {
    tok = PairTokenizer.miniLm();
  }

  @AfterAll
  static void close() {
    tok.close();
  }

  @Test
  void pairLayoutIsClsContextSepCandidateSepWithTypeIds() {
    Encoded e = tok.encodePair(List.of("hello there"), "hi", 64);
    long[] ctx = tok.tokenize("hello there");
    long[] cand = tok.tokenize("hi");
    assertThat(e.ids()).hasSize(ctx.length + cand.length + 3);
    assertThat(e.ids()[0]).isEqualTo(101L);
    assertThat(e.ids()[ctx.length + 1]).isEqualTo(102L);
    assertThat(e.ids()[e.ids().length - 1]).isEqualTo(102L);
    assertThat(e.types()[ctx.length + 1]).isZero();
    assertThat(e.types()[ctx.length + 2]).isEqualTo(1L);
  }

  @Test
  void truncationDropsTheOldestTurnsFirst() {
    List<String> turns = List.of("the very first turn about dogs and cats",
        "a middle turn about the weather today", "the latest turn about pizza");
    long[] latest = tok.tokenize(turns.get(2));
    long[] middle = tok.tokenize(turns.get(1));
    long[] cand = tok.tokenize("i love pizza");
    int max = 3 + cand.length + latest.length + middle.length + 2;
    Encoded e = tok.encodePair(turns, "i love pizza", max);
    long[] context = Arrays.copyOfRange(e.ids(), 1, 1 + middle.length + latest.length);
    long[] expected = new long[middle.length + latest.length];
    System.arraycopy(middle, 0, expected, 0, middle.length);
    System.arraycopy(latest, 0, expected, middle.length, latest.length);
    assertThat(context).containsExactly(expected);
    assertThat(e.ids().length).isLessThanOrEqualTo(max);
    assertThat(e.ids()).doesNotContain(tok.tokenize("dogs")[0]);
  }

  @Test
  void anOverlongLatestTurnKeepsItsLastTokens() {
    String longTurn = "one two three four five six seven eight nine ten eleven twelve";
    Encoded e = tok.encodePair(List.of(longTurn), "ok", 10);
    long[] all = tok.tokenize(longTurn);
    assertThat(e.ids()).hasSize(10);
    assertThat(e.ids()[e.ids().length - 4]).isEqualTo(all[all.length - 1]);
  }

  @Test
  void batchesPadToTheLongestWithAMask() {
    TokenBatch b = TokenBatch.pad(List.of(tok.encode("a b c d", 32), tok.encode("a", 32)),
        tok.padId());
    assertThat(b.rows()).isEqualTo(2);
    assertThat(b.length()).isEqualTo(6);
    assertThat(Arrays.copyOfRange(b.mask(), 6, 12)).containsExactly(1, 1, 1, 0, 0, 0);
    assertThat(b.ids()[11]).isEqualTo(tok.padId());
    assertThat(b.tokenCount()).isEqualTo(9);
  }
}
