/** Confidences that mean what they say: calibrated from the decoder's posterior and after-the-fact evidence. */
import calibrationData from '../../../../data/confidence-calibration.json' with { type: 'json' };
import type { CharterStructure, ReviewedEdition } from '../../structure/types.ts';
import type { AlignedClause } from '../types.ts';
import { type ConfidenceContext, clauseFeatures, orderDoubt } from './features.ts';
import { type CalibrationModel, calibratedConfidence, checkCalibrationModel } from './model.ts';

export {
  clauseFeatures,
  type ConfidenceContext,
  FEATURE_NAMES,
  type LayoutDamage,
  orderDoubt,
} from './features.ts';
export type { CalibrationModel } from './model.ts';
export { calibratedConfidence, checkCalibrationModel, isotonicMap, logisticScore } from './model.ts';

/** The model fitted by `bench/calibration/fit.ts` (data/confidence-calibration.json). */
export const defaultCalibration: CalibrationModel = checkCalibrationModel(
  calibrationData as CalibrationModel,
);

/**
 * Replaces each clause's confidence (the decoder's posterior, kept as `posterior`) with the calibrated
 * probability that the clause's text is right, times the probability that no line of it is still in the wrong
 * word order ({@link orderDoubt}).
 */
export function calibrateClauses(
  clauses: AlignedClause[],
  structure: CharterStructure,
  references: readonly ReviewedEdition[],
  context: ConfidenceContext = {},
  model: CalibrationModel = defaultCalibration,
): AlignedClause[] {
  const posteriors = clauses.map((c) => c.posterior ?? c.confidence);
  const features = clauseFeatures(clauses, posteriors, structure, references, context);
  // The model is fitted on alignments with references; on the structure alone (a charter's first edition) a
  // clause is no surer than the decoder's posterior says (the posterior tells a wrong charter's text from the
  // right one's; the model, never shown such text, does not).
  const structureOnly = references.length === 0;
  return clauses.map((clause, k) => {
    const calibrated = calibratedConfidence(model, features[k]!.values);
    const sure = structureOnly ? Math.min(calibrated, posteriors[k]!) : calibrated;
    return {
      ...clause,
      posterior: posteriors[k]!,
      // A text holding a line whose word order is still in doubt is right only if that line is.
      confidence: sure * (1 - orderDoubt(clause, context.layout)),
    };
  });
}
