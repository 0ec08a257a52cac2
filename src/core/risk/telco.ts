import { parse } from 'csv-parse/sync';
import { FeatureRow, FeatureSpec } from './types';

/**
 * Adapter for IBM's Telco customer churn sample (`Telco-Customer-Churn.csv`), used to check the
 * model against a published baseline. Only row-local transformations happen here (no statistic
 * of other rows is used), so the cross-validation protocol stays honest: every fitted quantity
 * (means, stds, categories, coefficients) is learned inside each training fold.
 */

const TELCO_COLUMNS = [
  'customerID',
  'gender',
  'SeniorCitizen',
  'Partner',
  'Dependents',
  'tenure',
  'PhoneService',
  'MultipleLines',
  'InternetService',
  'OnlineSecurity',
  'OnlineBackup',
  'DeviceProtection',
  'TechSupport',
  'StreamingTV',
  'StreamingMovies',
  'Contract',
  'PaperlessBilling',
  'PaymentMethod',
  'MonthlyCharges',
  'TotalCharges',
  'Churn',
];

const CATEGORICAL = [
  'gender',
  'Partner',
  'Dependents',
  'PhoneService',
  'MultipleLines',
  'InternetService',
  'OnlineSecurity',
  'OnlineBackup',
  'DeviceProtection',
  'TechSupport',
  'StreamingTV',
  'StreamingMovies',
  'Contract',
  'PaperlessBilling',
  'PaymentMethod',
];

const ADD_ONS = ['OnlineSecurity', 'OnlineBackup', 'DeviceProtection', 'TechSupport', 'StreamingTV', 'StreamingMovies'];

export type TelcoFeatureSet = 'basic' | 'extended';

/** `basic`: the 19 raw attributes (customerID dropped). */
export const TELCO_BASIC_SPEC: FeatureSpec = {
  numeric: ['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges'],
  categorical: CATEGORICAL,
};

/** `extended`: raw attributes plus row-local derived features (see docs/models-risk.md). */
export const TELCO_EXTENDED_SPEC: FeatureSpec = {
  numeric: [
    ...TELCO_BASIC_SPEC.numeric,
    'logTenure',
    'logTotalCharges',
    'addOnCount',
    'chargeDrift',
    'logTenureIfMonthToMonth',
    'monthlyChargesIfFiber',
  ],
  categorical: [...CATEGORICAL, 'tenureBucket', 'contractXInternet', 'internetXPayment', 'seniorXInternet'],
};

export interface TelcoData {
  rows: FeatureRow[];
  labels: number[];
  spec: FeatureSpec;
  ids: string[];
}

function num(raw: string, column: string, line: number): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new Error(`line ${line}: ${column} "${raw}" is not a number`);
  return v;
}

function tenureBucket(t: number): string {
  if (t <= 6) return '00-06';
  if (t <= 12) return '07-12';
  if (t <= 24) return '13-24';
  if (t <= 48) return '25-48';
  return '49+';
}

/** Parse the CSV text into feature rows and 0/1 churn labels. Blank `TotalCharges` (tenure 0) → 0. */
export function parseTelcoCsv(text: string, featureSet: TelcoFeatureSet = 'extended'): TelcoData {
  const records = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, trim: true });
  if (records.length === 0) throw new Error('no data rows');
  const missing = TELCO_COLUMNS.filter((c) => !(c in records[0]));
  if (missing.length > 0) throw new Error(`not the Telco churn file: missing column(s) ${missing.join(', ')}`);
  const rows: FeatureRow[] = [];
  const labels: number[] = [];
  const ids: string[] = [];
  records.forEach((r, i) => {
    const line = i + 2;
    const churn = r.Churn;
    if (churn !== 'Yes' && churn !== 'No') throw new Error(`line ${line}: Churn "${churn}" is not Yes/No`);
    const tenure = num(r.tenure, 'tenure', line);
    const monthly = num(r.MonthlyCharges, 'MonthlyCharges', line);
    const total = r.TotalCharges.trim() === '' ? 0 : num(r.TotalCharges, 'TotalCharges', line);
    const row: Record<string, string | number> = {
      SeniorCitizen: num(r.SeniorCitizen, 'SeniorCitizen', line),
      tenure,
      MonthlyCharges: monthly,
      TotalCharges: total,
    };
    for (const c of CATEGORICAL) row[c] = r[c];
    if (featureSet === 'extended') {
      row.logTenure = Math.log1p(tenure);
      row.logTotalCharges = Math.log1p(total);
      row.addOnCount = ADD_ONS.filter((c) => r[c] === 'Yes').length;
      // Average past monthly bill relative to today's: < 1 means charges went up recently.
      row.chargeDrift = tenure > 0 && monthly > 0 ? total / (tenure * monthly) : 1;
      row.tenureBucket = tenureBucket(tenure);
      row.contractXInternet = `${r.Contract}|${r.InternetService}`;
      row.internetXPayment = `${r.InternetService}|${r.PaymentMethod}`;
      row.seniorXInternet = `${r.SeniorCitizen}|${r.InternetService}`;
      // Tenure protects month-to-month customers differently from contract customers.
      row.logTenureIfMonthToMonth = r.Contract === 'Month-to-month' ? Math.log1p(tenure) : 0;
      row.monthlyChargesIfFiber = r.InternetService === 'Fiber optic' ? monthly : 0;
    }
    rows.push(row);
    labels.push(churn === 'Yes' ? 1 : 0);
    ids.push(r.customerID);
  });
  return { rows, labels, ids, spec: featureSet === 'extended' ? TELCO_EXTENDED_SPEC : TELCO_BASIC_SPEC };
}
