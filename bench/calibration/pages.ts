/**
 * Evaluation pages with gold (the condition matrix's format): `<dir>/<condition>/<name>.txt` beside
 * `<name>.gold.json` = {charter, lang, condition, references, clauses}. Each page is aligned the way the product
 * aligns, and every aligned clause comes back with its calibration features and whether it is right.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { loadConfusionModel, loadLanguage } from '../../functions/adapters/resources/index.ts';
import { clauseFeatures, orderDoubt } from '../../functions/core/align/confidence/index.ts';
import { foldedSimilarity } from '../../functions/core/align/fold.ts';
import { alignCleaned, readabilityOf } from '../../functions/core/pipeline/process-edition-text.ts';
import type { CharterStructure, ReviewedEdition } from '../../functions/core/structure/types.ts';
import type { ConfusionModel, LanguageResources } from '../../functions/core/text/types.ts';
import { MATCH_THRESHOLD } from '../f1.ts';

/** A page's gold file. */
export interface PageGold {
  charter: string;
  lang: string;
  condition: string;
  references: string[];
  clauses: Record<string, string>;
}

/** One evaluation page. */
export interface Page {
  file: string;
  condition: string;
  text: string;
  gold: PageGold;
}

/** One aligned clause of a page with its features and whether its text is right. */
export interface ScoredClause {
  page: string;
  condition: string;
  lang: string;
  id: string;
  posterior: number;
  confidence: number;
  features: number[];
  /** Probability that a line of it is still in the wrong word order (multiplies the model's confidence). */
  orderDoubt: number;
  right: boolean;
}

/** Pages under `dir` (recursively), sorted by path. */
export function readPages(dir: string): Page[] {
  const pages: Page[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.gold.json')) {
        const textFile = path.replace(/\.gold\.json$/, '.txt');
        if (!existsSync(textFile)) continue;
        const gold = JSON.parse(readFileSync(path, 'utf8')) as PageGold;
        pages.push({ file: textFile, condition: gold.condition, text: readFileSync(textFile, 'utf8'), gold });
      }
    }
  };
  walk(dir);
  return pages;
}

/** Aligns pages as the product does, loading each charter and language once. */
export class PageAligner {
  private structures = new Map<string, { structure: CharterStructure; reviewed: ReviewedEdition[] }>();
  private resources = new Map<string, LanguageResources | null>();
  private confusions: ConfusionModel | undefined;

  private charter(id: string) {
    let found = this.structures.get(id);
    if (!found) {
      const structure = loadCharterStructure(id);
      found = { structure, reviewed: loadReviewedEditions(structure) };
      this.structures.set(id, found);
    }
    return found;
  }

  private async language(lang: string): Promise<LanguageResources | null> {
    if (!this.resources.has(lang)) {
      this.resources.set(lang, await loadLanguage(lang).catch(() => null));
    }
    return this.resources.get(lang)!;
  }

  /** Every aligned clause of the page, scored against its gold. */
  async score(page: Page): Promise<ScoredClause[]> {
    this.confusions ??= await loadConfusionModel();
    const { structure, reviewed } = this.charter(page.gold.charter);
    const references = reviewed.filter(
      (e) => e.lang !== page.gold.lang && page.gold.references.includes(e.lang),
    );
    const resources = await this.language(page.gold.lang);
    const result = alignCleaned(page.text, {
      structure,
      references,
      lang: page.gold.lang,
      resources,
      confusions: this.confusions,
    });
    const posteriors = result.clauses.map((c) => c.posterior ?? c.confidence);
    const features = clauseFeatures(result.clauses, posteriors, structure, references, {
      readability: readabilityOf(resources),
      layout: result.layout,
    });
    return result.clauses.map((clause, k) => {
      const gold = page.gold.clauses[clause.id];
      return {
        page: page.file,
        condition: page.condition,
        lang: page.gold.lang,
        id: clause.id,
        posterior: posteriors[k]!,
        confidence: clause.confidence,
        features: features[k]!.values,
        orderDoubt: orderDoubt(clause, result.layout),
        right: gold !== undefined && foldedSimilarity(clause.text, gold) >= MATCH_THRESHOLD,
      };
    });
  }
}
