/*
 * Two FTS5 auxiliary functions for /v1/search's ranking (src/search/ranking.ts),
 * answered from the index's own position lists and per-row sizes instead of the row's text:
 *
 *   search_freq(fts, w0, w1, ...)  the marks highlight(fts, col, ...) would insert in each
 *                          column (the query's matches, overlapping ones merged as highlight()
 *                          merges them), summed with the column weights given, as bm25() sums
 *                          its term frequencies;
 *   search_tokens(sz)      a row's length in tokens over every column, from its blob in
 *                          the index's docsize table (the sum of its varints).
 *
 * highlight() answers the first by reading the row's text and tokenising all of it; these
 * read neither, which is most of the cost of ranking 200 candidates. Compiled by
 * scripts/build-native.mjs against the SQLite headers better-sqlite3 ships; without it
 * the server ranks with highlight() and the docsize table, with the same results.
 */
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

static fts5_api *fts5ApiOf(sqlite3 *db){
  fts5_api *api = 0;
  sqlite3_stmt *st = 0;
  if( sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, 0)==SQLITE_OK ){
    sqlite3_bind_pointer(st, 1, (void*)&api, "fts5_api_ptr", 0);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

/*
 * The query's matches in the row as highlight() marks them, each weighed by its column's weight
 * (the arguments after the table, as bm25() takes them; 1.0 for columns past the last given).
 * Instances come sorted by column, then position; highlight() puts one mark around each run of
 * overlapping ones, so a run counts once.
 */
static void searchFreq(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nVal, sqlite3_value **apVal){
  int nInst = 0, i, col = -1, end = -1, rc;
  double freq = 0;
  rc = api->xInstCount(fts, &nInst);
  for(i=0; rc==SQLITE_OK && i<nInst; i++){
    int phrase, c, pos, last;
    rc = api->xInst(fts, i, &phrase, &c, &pos);
    if( rc!=SQLITE_OK ) break;
    last = pos - 1 + api->xPhraseSize(fts, phrase);
    if( c!=col || pos>end ){
      freq += c<nVal ? sqlite3_value_double(apVal[c]) : 1.0;
      col = c;
      end = last;
    }else if( last>end ){
      end = last;
    }
  }
  if( rc!=SQLITE_OK ){
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_double(ctx, freq);
}

/* A docsize blob (one varint per column: 7 bits a byte, most significant first) summed. */
static void searchTokens(sqlite3_context *ctx, int nVal, sqlite3_value **apVal){
  const unsigned char *blob;
  int n, i;
  sqlite3_int64 total = 0, value = 0;
  (void)nVal;
  blob = (const unsigned char*)sqlite3_value_blob(apVal[0]);
  n = sqlite3_value_bytes(apVal[0]);
  for(i=0; i<n; i++){
    value = (value<<7) | (blob[i] & 0x7f);
    if( (blob[i] & 0x80)==0 ){
      total += value;
      value = 0;
    }
  }
  sqlite3_result_int64(ctx, total);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_searchhits_init(sqlite3 *db, char **err, const sqlite3_api_routines *pApi){
  fts5_api *fts;
  int rc;
  SQLITE_EXTENSION_INIT2(pApi);
  fts = fts5ApiOf(db);
  if( fts==0 ){
    *err = sqlite3_mprintf("search-hits needs FTS5");
    return SQLITE_ERROR;
  }
  rc = fts->xCreateFunction(fts, "search_freq", 0, searchFreq, 0);
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_function_v2(db, "search_tokens", 1, SQLITE_UTF8|SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS, 0, searchTokens, 0, 0, 0);
  }
  return rc;
}
