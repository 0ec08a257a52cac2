import { graphql } from '@/gql';

export const RiskModelsQuery = graphql(`
  query RiskModels {
    riskModels {
      id
      version
      status
      startedAt
      trainedAt
      horizonDays
      method
      trainingRows
      positives
      churnEvents
      auc
      prAuc
      brier
      baseRate
      brierSkill
      testRows
      testPositives
      note
      warnings
      calibration {
        binStart
        binEnd
        count
        meanPredicted
        observedRate
      }
      coefficients {
        feature
        label
        coefficient
        mean
        std
      }
    }
  }
`);

export const TrainRiskModelMutation = graphql(`
  mutation TrainRiskModel($horizonDays: Int!) {
    trainRiskModel(horizonDays: $horizonDays) {
      id
      version
      status
    }
  }
`);
